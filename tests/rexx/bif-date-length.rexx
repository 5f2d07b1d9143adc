say length(date('S')) length(date('U')) length(date('O')) length(date('E'))
say datatype(date('D'), 'W') datatype(date('B'), 'W')
say length(time('L')) datatype(time('S'),'W') datatype(time('M'),'W')
