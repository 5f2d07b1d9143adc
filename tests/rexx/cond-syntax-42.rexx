signal on syntax name oops
x = 1 / 0
exit
oops:
say 'caught' rc
