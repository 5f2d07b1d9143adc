say 1 / 7
say 22 / 7
say 100 / 3
say 1000000 / 3
say 1 / 1000000
say 1 / 8
