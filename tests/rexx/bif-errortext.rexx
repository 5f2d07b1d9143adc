say errortext(16)
say errortext(41)
say errortext(40)
say errortext(0)
say '['errortext(1)']'
say errortext(49)
