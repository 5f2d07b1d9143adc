x = 'a b c'
parse var x y x
say y '|' x
