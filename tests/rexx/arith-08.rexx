say 3 * 1.5
say 0.3 * 3
say 100 * 0.01
say 1 - 0.9
say 1 - 1
say 1.00 - 1
say -1 + 1
