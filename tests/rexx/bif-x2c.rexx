say x2c('4865 6c6c 6f')
say c2x(x2c('3732 73'))
say c2x(x2c('F'))
say x2c('')
