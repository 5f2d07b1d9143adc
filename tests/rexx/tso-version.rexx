/* TSO/E: PARSE VERSION names this implementation at language level 4.00 (TRL2) */
parse version v
say word(v, 2)
