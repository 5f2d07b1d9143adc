do j = 1.1 to 2.2 by 1.1
  say j
end
say j
