interpret 'x = 1 + 2'
say x
code = 'say "hi from interpret"'
interpret code
interpret 'do i = 1 to 2; say i; end'
