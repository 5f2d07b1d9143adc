/* TSO/E: PARSE NUMERIC is TSO/E's (Regina does not have it) */
numeric digits 12
numeric fuzz 2
parse numeric x
say x
