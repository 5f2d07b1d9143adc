say 17 / 5
say 17 % 5
say 17 // 5
say -17 / 5
say -17 % 5
say -17 // 5
