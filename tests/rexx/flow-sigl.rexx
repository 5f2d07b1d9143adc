call s
exit
s: say 'called from' sigl
return
