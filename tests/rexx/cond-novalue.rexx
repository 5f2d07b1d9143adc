signal on novalue
say 'start'
x = y
say 'no'
exit
novalue:
say 'novalue' condition('d') sigl
