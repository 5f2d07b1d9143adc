say justify('The blue sky',14)
say justify('The blue sky',8)
say justify('  a  b  ',6)
say justify('The quick fox',16,'.')
say justify('a b c d',10,'-')
say justify('The blue sky',11,'+')
say '<'justify('sky',5,'*')'>'
