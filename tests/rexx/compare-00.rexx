say 1 = 1.0
say 'a' = ' a '
say 'a' == 'a '
say 'abc' < 'abd'
say '10' > '9'
say '10' >> '9'
