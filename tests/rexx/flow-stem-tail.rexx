x = 'k'
b.x = 'v'
say b.k b.x b.K
i = 2; j = 3
c.i.j = 'ij'
say c.2.3 c.i.j
