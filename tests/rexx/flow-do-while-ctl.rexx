do i = 1 to 10 while i < 4
  say i
end
