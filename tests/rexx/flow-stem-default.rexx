a. = 'def'
a.1 = 'one'
say a.1 a.2 a.xyz
i = 1
say a.i
