if 1 then do
  say 'a'
  say 'b'
end
else say 'c'
