a = 'x'; b = 'y'
say a b
say a||b
say a  b
say a''b
say 'a'"b"
say (a)(b)
