signal on syntax
say copies('a', -1)
exit
syntax: say rc errortext(rc)
