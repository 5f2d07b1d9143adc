say 1234567890 + 0
say -0.0
say 000.5 + 0
say '1e2' + 0
say +5
say - -5
