names = 'p q'
p = 1; q = 2
drop (names)
say p q names
