vars = 'x y'
x = 1; y = 2; z = 3
call p
say x y z
exit
p: procedure expose (vars)
x = 'X'; y = 'Y'; z = 'Z'
say vars
return
