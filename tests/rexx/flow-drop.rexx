x = 1
drop x
say x
a. = 0
a.1 = 5
drop a.1
say a.1 a.2
drop a.
say a.1
