numeric digits 100000
say 1/7
