say copies('ab',3)
say '['copies('x',0)']'
say length(copies('-',80))
