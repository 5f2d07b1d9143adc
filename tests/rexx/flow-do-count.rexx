do 3
  say 'x'
end
do 0
  say 'never'
end
