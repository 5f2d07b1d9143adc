do i = 1 to 5
  if i // 2 = 0 then iterate
  say i
end
