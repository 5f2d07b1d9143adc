/* PARSE stores each piece whatever the variable held before: long, short, exposed */
a = copies('x', 40)
parse value 'short' with a
say a length(a)
parse value copies('y', 30) with a
say length(a) left(a, 3)
b = 'abcdefghijklmnopqrstuvw'
parse value 'z' with b
say b length(b)
n = 5 + 1
parse value 'abc def' with n rest
say n rest (n || 1)
call sub
say c d
s. = 'default'
parse value 'one two' with s.1 s.2
say s.1 s.2 s.3
exit
sub: procedure expose c
c = 'long value that is longer than twenty three'
parse value 'p q' with c d .
say d
return
