i = 0
do until i >= 3
  i = i + 1
end
say i
do until 1
  say 'once'
end
