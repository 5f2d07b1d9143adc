sep = '-'
parse value 'a-b-c' with x (sep) y (sep) z
say x y z
