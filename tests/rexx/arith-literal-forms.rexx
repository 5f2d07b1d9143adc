/* Numbers written as literals keep their text; sums and products give REXX's */
say 012 + 0 012 '012' 1.10 (1.10 + 0) (.5 + 0) ('-0' + 0) (- 0) (+ 1.50)
x = 012; say x (x + 1) (x * 1)
say (1.10 = 1.1) (1.10 == 1.1) ('1.10' = 1.1)
y = 1.10; say y (y * 1) (y + 0) (y - 1.1) (-y)
z = '7'; say (z + 3) z||z (z || 3 + 1)
say 5 -5 (- -5) (+5) (2 - 5) (-2 * -3)
do i = 1.5 to 3.5 by .75; say i; end
do j = 10 to 1 by -4; say j; end
say 123456789 * 1000
numeric digits 15
say 123456789 * 1000 (99999999999999 + 1) (-9999999999999 - 1) (0.01 * 0.5)
say 12345678901234 + 0 (1234567890123 * 10)
numeric digits 5
say -123456 (+123456) (- 12.5) (-99999 - 1)
