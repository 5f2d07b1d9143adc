/* TSO/E: TSO/E: RETURN without a value from a function invocation is error 45 (Regina carries on) */
signal on syntax
x = f()
exit
f: return
syntax: say rc errortext(rc); exit
