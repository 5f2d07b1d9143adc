do i = 1 to 5
  if i = 3 then signal out
end
out:
say 'out at' i
