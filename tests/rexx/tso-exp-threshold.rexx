/* TSO/E: TSO/E uses exponential notation only when the fraction needs more than twice DIGITS places (IBM 'Arithmetic operators'); Regina switches below 1E-6 */
say 1e-7 + 0
say 1e-10 + 0
say 0.0000000001 * 1
say 1/3E8
say 1e-19 + 0
