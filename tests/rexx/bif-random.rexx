a = random(1, 10, 12345)
b = random(1, 10, 12345)
say a = b
say datatype(random(), 'W')
x = random(5, 5)
say x
