say 2**-2
say 2**0
say 0**0
say (-2)**3
say -2**2
say 1.1**3
say 10**-3
