say 0.5 + 0.5
say 0.50 + 0.50
say 1.50 * 2
say 1.5 * 2.0
say 4 / 2.0
say 4.0 / 2
