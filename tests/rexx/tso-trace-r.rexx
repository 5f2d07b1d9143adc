/* TSO/E: TRACE output goes to the terminal in TRL2's form (Regina writes it to stderr and tags simple results >V>) */
a = 1
trace r
b = a + 2
say b * 3
if b > 2 then nop
do i = 1 to 2; c.i = i; end
call sub 5
say trace() trace('O') trace()
say 'untraced' b
exit
sub: procedure
  arg n
  return n*2
