say '['strip('  ab c  ')']'
say '['strip('  ab c  ','L')']'
say '['strip('  ab c  ','t')']'
say strip('12.7000',,0)
say strip('0012.700',,0)
say strip('xxaxx','b','x')
