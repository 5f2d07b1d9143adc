signal on syntax
say substr('abc', 0)
exit
syntax: say rc errortext(rc)
