/* TSO/E: the initial environment of a TSO/E exec is TSO (Regina's is SYSTEM) */
say address()
address MVS
say address()
address
say address()
