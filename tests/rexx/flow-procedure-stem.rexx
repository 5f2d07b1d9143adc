a.1 = 'one'; a.2 = 'two'
call p
say a.1 a.3
exit
p: procedure expose a.
a.3 = 'three'
say a.2
return
