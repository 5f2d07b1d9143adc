say 1+1
say 2-3
say 2*3
say 7/2
say 7%2
say 7//2
say 2**10
