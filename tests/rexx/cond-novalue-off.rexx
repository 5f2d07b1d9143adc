signal on novalue
signal off novalue
say zz
