/* TSO/E: TRL2 rounds a sum to DIGITS significant digits of the result; Regina 3.6 rounds it at the larger operand's precision */
say 1 - 0.000000001
say 10 - 0.00000001
say 1 - 0.0000000005
