say 'a',
    'b'
x = 1 +,
2
say x
