say 10 // 3.3
say 10 % 3.3
say -10 // 3.3
say 5.5 % 1
say 5.5 // 1
say 0 // 5
