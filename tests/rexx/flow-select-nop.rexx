select
  when 0 then nop
  when 1 then nop
end
say 'ok'
