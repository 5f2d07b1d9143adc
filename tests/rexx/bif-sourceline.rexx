/* line 1 */
say sourceline()
say sourceline(1)
say sourceline(3)
