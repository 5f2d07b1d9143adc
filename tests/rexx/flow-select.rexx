do i = 1 to 4
  select
    when i = 1 then say 'one'
    when i = 2 then do
      say 'two'
    end
    otherwise say 'other' i
  end
end
