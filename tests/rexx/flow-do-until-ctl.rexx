do i = 1 to 10 until i >= 4
  say i
end
