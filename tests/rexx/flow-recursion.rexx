say fact(10)
exit
fact: procedure
parse arg n
if n <= 1 then return 1
return n * fact(n - 1)
