do i = 1 to 3
  select
    when i = 2 then iterate
    otherwise say i
  end
end
