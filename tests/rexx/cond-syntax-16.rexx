signal on syntax
signal nowhere
exit
syntax: say rc
