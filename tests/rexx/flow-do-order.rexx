do i = 1 by 2 to 7 for 3
  say i
end
