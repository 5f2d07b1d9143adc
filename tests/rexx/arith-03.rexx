say -7 % 2
say -7 // 2
say 7 // -2
say 7.5 // 2
say -7.5 % 2
say 12 % 5 * 5 + 12 // 5
