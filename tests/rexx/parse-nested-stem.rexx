a.1 = 'x y'
i = 1
parse var a.i p q
say p q
