/* A million SIGNAL jumps, by label and by VALUE, and a trap fired from INTERPRETed code:
   a jump never nests, so none of them costs stack. */
i = 0
top: i = i + 1
if i < 1000000 then signal top
say 'signal' i
j = 0
again: j = j + 1
if j < 1000000 then signal value 'AGAIN'
say 'value' j
signal on error
trace o /* the default, TRACE N, would show a command's negative RC: TSO/E's -3, not the shell's */
interpret "'nosuchcommand'; say 'not here'"
say 'nor here'
exit
error: say 'trapped' condition('C') sigl
