push 'line one'
queue 'line two'
pull a b
say a b
parse pull x
say x queued()
