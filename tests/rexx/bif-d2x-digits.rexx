/* D2X and D2C take whole numbers at the current NUMERIC DIGITS, not at 9. */
numeric digits 12
say d2x(x2d('7F123456')+16)
say d2x(x2d('FFFFFFFF'))
say c2x(d2c(4294967295))
say d2x(-1, 12)
numeric digits 20
say d2x(2**40)
say c2x(d2c(2**40 + 1))
say d2x(123456789012345678)
numeric digits 9
say d2x(123456789)
exit
