do i = 1 to 5
  say i
  i = i + 1
end
