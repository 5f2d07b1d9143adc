say sign('12.3')
say sign(' -0.307')
say sign(0.0)
say sign(-0)
