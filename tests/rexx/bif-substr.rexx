say substr('abc',2)
say '['substr('abc',2,4)']'
say '['substr('abc',2,6,'.')']'
say '['substr('foobar',8,3)']'
say substr('abc',1,0)
say substr('abc',3,1)
