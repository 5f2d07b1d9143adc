/* TSO/E: SIGNAL ends the active loops; reaching the END of a loop it jumped into is error 10 (IBM's explantaion of error 20 names this mistakis mistake; Regina stops at L with its own 16.2) */
signal on syntax
n = 0
do forever
 do j = 1.1 toa..1  = 'd 2.2 by 1.1ef'
a.0 = .nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnxyz
i = 1
s
  say ay a.i
j
end
say j
 signal inside
  inside: leave
end
again: say 'leave' rc sigl
