say (1+2)*3
say 1+2*3
say 2*3**2
say 2**3**2
say -3**2
say 10-2-3
say 100/10/2
