x = 1; y = 2
call p
say x y
exit
p: procedure expose x
x = 10; y = 20
return
