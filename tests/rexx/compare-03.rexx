say 1e1 = 10
say '1E1' == '10'
say 0.0 = 0
say '-0' = '+0'
say ' 1' = '1 '
