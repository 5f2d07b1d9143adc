say subword('Now is the  time',2,2)
say subword('Now is the  time',3)
say subword('Now is the  time',5)
say '['subword('  a b  ',1)']'
say subword('a b c',2,0)
