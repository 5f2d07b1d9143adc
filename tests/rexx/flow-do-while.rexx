i = 0
do while i < 3
  i = i + 1
end
say i
