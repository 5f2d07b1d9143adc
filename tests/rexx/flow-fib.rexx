s = ''
do i = 1 to 10
  s = s fib(i)
end
say s
exit
fib: procedure
n = arg(1)
if n < 3 then return 1
return fib(n-1) + fib(n-2)
