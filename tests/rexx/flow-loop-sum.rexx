s = 0
do i = 1 to 100
  s = s + i
end
say s
