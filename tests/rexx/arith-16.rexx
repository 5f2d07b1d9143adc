say '3' + '4'
say ' 3 ' * ' 4 '
say '+3' - '-4'
say 3 || 4 + 1
say 3 4 + 1
