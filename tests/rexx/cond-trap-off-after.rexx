signal on syntax
x = 'a' + 1
exit
syntax:
say 'first' rc
signal on syntax name second
y = 'b' * 2
exit
second: say 'second' rc
