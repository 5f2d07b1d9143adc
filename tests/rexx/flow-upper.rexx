x = 'abc'; y = 'Def'
upper x y
say x y
