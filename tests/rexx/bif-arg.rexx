call sub 1, , 3
call sub
call sub 'a b'
exit
sub:
say arg() '['arg(1)']' arg(2,'e') arg(2,'o') arg(3,'E') '['arg(3)']'
return
