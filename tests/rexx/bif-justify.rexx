say justify('The blue sky',14)
say justify('The blue sky',8)
say justify('The blue sky',9,'+')
say justify('  a  b  ',6)
