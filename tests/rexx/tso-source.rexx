/* TSO/E: PARSE SOURCE in TSO/E form: TSO COMMAND name ... */
parse source a b c
say a b
