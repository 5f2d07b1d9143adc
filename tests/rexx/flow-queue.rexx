queue 'a'
queue 'b'
push 'c'
say queued()
do queued()
  pull x
  say x
end
