say 2 ** 30
say 2 ** 16
say 5 ** -3
say 0.5 ** 2
say 10 ** 5
