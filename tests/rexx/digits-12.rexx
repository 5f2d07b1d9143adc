numeric digits 12
say 1/3
say 2/3
say 1/7
say 123456789 * 987654321
say 1e20+1
say digits()
