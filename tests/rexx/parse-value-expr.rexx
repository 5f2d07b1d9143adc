parse value 1+2 'x' with a b
say a b
