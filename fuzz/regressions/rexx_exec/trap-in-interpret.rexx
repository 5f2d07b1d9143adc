signal on error
interpret "'nosuch'; say 'no'"
exit
error: say sigl
