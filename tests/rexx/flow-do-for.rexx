do i = 1 for 3
  say i
end
