say r(100)
exit
r: procedure
parse arg n
if n = 0 then return 0
return 1 + r(n - 1)
