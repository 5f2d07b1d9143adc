k=3
parse value '12345678' with 2 a +(k) b
say a b
k=1
parse value '12345678' with 2 a +(k) b -(k) c
say a b c
