say c2x(xrange('a','f'))
say c2x(xrange('03'x,'07'x))
say length(xrange())
say c2x(xrange('FE'x,'02'x))
