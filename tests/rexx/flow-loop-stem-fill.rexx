do i = 1 to 5
  sq.i = i * i
end
sq.0 = 5
t = ''
do i = 1 to sq.0
  t = t sq.i
end
say strip(t)
