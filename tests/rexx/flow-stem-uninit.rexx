say a.1 b.x.y
q = 'z'
say c.q
