say c2x('abc')
say c2x('')
say c2x('0102'x)
