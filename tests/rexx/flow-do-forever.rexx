n = 0
do forever
  n = n + 1
  if n > 3 then leave
end
say n
