/* TSO/E: only the blank separates words in TSO/E; Regina also splits at a tab */
parse value 'a' || '09'x || 'b c' with x y
say length(x) length(y)
say words('a' || '09'x || 'b')
