x = 'hello'
say value('x')
say value('x', 'new') x
say value('y')
a.3 = 'three'
i = 3
say value('a.i') value('A.3')
call value 'z', 5
say z
