a: signal value 'A'
