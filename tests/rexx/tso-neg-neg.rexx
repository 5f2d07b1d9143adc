/* TSO/E: '--' is not a comment in TSO/E: it is two prefix minus signs (Regina reads a line comment) */
say --5
say 1--1
