signal on syntax
say condition() '['condition('c')']'
x = 1 + 'a'
exit
syntax:
say condition('c') condition('i') condition('s')
say rc errortext(rc)
