say 1E3
say 1E3 + 0
say 1.5E+3 + 0
say 1.5e-3 + 0
say 12E-1 * 1
say 0E5 + 0
