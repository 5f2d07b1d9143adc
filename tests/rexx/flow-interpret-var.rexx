v = 'abc'
interpret v '= 42'
say abc
