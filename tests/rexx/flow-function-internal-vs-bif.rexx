say length('abc')
say 'LENGTH'('abc')
exit
length: return 'mine'
