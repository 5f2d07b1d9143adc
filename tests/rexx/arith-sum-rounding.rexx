/* A sum is rounded to DIGITS counting from the terms' most significant digit, or a carry beyond it (IBM's TSO/E REXX Reference, Addition and subtraction; Regina agrees). */
say 1000000000-1
say 1e9-16
say 1234567891-1234567890
say 100000000 - 0.5
say 1.000049 + 0.000001
say 999999999 + 1
say 12345.6789 + 0.00001
say 1 - 0.9999999999
say 1 - 0.000000001
say 10 - 0.00000001
say 1 - 0.0000000005
numeric digits 5
say 1.000049 + 0.000001
say 99999 + 1
say 12345 - 12344.6
numeric digits 3
say 999 + 0.6
say 999.6 - 0.1
say 99.96 + 0.001
numeric digits 9
say 999999999.5 + 0.4
say 999999999 + 0.5
