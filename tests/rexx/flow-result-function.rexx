x = f()
say x
exit
f: return 'value'
