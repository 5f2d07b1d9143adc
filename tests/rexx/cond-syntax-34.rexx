signal on syntax
if 2 then nop
exit
syntax: say rc errortext(rc)
