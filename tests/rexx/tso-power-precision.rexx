/* TSO/E: the power algorithm of TRL2/ANSI (working precision DIGITS+length(n)+1, then rounded, trailing zeros removed); Regina 3.6 loses digits and keeps zeros */
say 2 ** 31
say 2 ** 32
say 3 ** 20
say 2 ** 64
numeric digits 2
say 2 ** 100
numeric digits 12
say 2 ** 100
