trace o
say trace()
trace n
say trace()
x = trace('o')
say x trace()
