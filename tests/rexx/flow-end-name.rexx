do k = 1 to 2
  say k
end k
