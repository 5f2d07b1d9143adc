say 1e6*1e6
say 1/3E10
say 1/3
say 2/3
say 10/4
say 2.40/2
say 2.40+2
