/* TSO/E: the IRX message; the traceback lines, the failing clause then each call up the chain, are Regina's */
say 'start'
call sub 1
exit
sub:
  y = inner()
  return
inner: procedure
  x = 1 + "a"
  return x
