/* TSO/E: prefix minus is 0-number, a result rounded to DIGITS like any other, before the sum uses it (TSOREF Addition and subtraction); Regina keeps the unrounded term inside an expression and gives -90.0 */
numeric digits 3
say -99.99999999
say 9.99 + -99.99999999
say 9.99 - 99.99999999
