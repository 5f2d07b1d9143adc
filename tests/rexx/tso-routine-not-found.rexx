/* TSO/E: TSO/E: CALL of a routine that is nowhere is error 43 (Regina runs it as a shell command) */
signal on syntax
call nosuchroutine
exit
syntax: say rc errortext(rc)
