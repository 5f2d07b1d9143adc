do i = 1 to 3
  do j = 1 to 3
    if j = 2 then iterate i
    say i j
  end
end
