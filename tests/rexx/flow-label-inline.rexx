call l
exit
l: say 'label line'; return
