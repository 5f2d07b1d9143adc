select
  when 0 then say 'x'
  otherwise
    say 'a'
    say 'b'
end
