numeric digits 5
say 1.0001 = 1.0002
numeric fuzz 1
say 1.0001 = 1.0002
say 100001 = 100002
say fuzz()
numeric fuzz
say fuzz()
