signal on syntax
x = 'a' + 1
say 'no'
exit
syntax:
say rc errortext(rc) sigl
