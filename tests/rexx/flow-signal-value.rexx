x = 'LAB2'
signal value x
lab1: say 'one'
lab2: say 'two'
