signal on syntax
interpret 'x = (1'
exit
syntax: say rc errortext(rc)
