say words('Now is the time')
say words(' ')
say words('')
say words('a  b   c')
