/* TSO/E: SIGNAL ends the active loops; reaching the END of a loop it jumped into is error 10 (IBM's explanation of error 10 names this mistake; Regina stops at the SIGNAL with its own 16.2) */
signal on syntax
n = 0
do forever
  n = n + 1
  if n > 1 then signal next
  next:
end
say 'not here'
exit
syntax: say 'syntax' rc sigl n
signal on syntax name again
do 3
  signal inside
  inside: leave
end
again: say 'leave' rc sigl
