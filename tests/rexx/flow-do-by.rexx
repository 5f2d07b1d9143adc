do i = 10 to 1 by -3
  say i
end
