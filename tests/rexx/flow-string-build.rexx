s = ''
do i = 1 to 5
  s = s || i
end
say s length(s)
