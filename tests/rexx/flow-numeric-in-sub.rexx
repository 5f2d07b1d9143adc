numeric digits 5
call s
say digits()
exit
s: numeric digits 12; say digits(); return
