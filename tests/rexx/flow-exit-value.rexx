call sub
say 'not here'
exit
sub:
say 'in sub'
exit
