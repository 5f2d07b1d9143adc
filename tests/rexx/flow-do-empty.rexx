do i = 5 to 1
  say i
end
say 'i='i
