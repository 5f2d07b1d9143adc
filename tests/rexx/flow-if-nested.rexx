a = 1; b = 0
if a then
  if b then say 'ab'
  else say 'a only'
else say 'none'
