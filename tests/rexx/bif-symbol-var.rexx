x = 1
a.1 = 2
say symbol('x') symbol('X') symbol('a.1') symbol('a.2') symbol('a.')
drop x
say symbol('x')
j = 1
say symbol('a.j')
