call s
exit
s: procedure
say sigl
return
