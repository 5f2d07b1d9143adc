parse source s
say words(s) > 2
