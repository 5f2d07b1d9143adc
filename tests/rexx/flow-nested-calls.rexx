say f(g(2))
exit
f: return arg(1) + 1
g: return arg(1) * 10
