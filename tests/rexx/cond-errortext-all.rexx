do i = 1 to 50
  if errortext(i) <> '' then say i errortext(i)
end
