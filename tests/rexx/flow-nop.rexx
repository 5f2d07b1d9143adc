nop
say 'after nop'
