parse value 'abcdefghij' with 1 a 3 4 b 6 7 c
say a b c
