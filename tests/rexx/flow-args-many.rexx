call s 1,2,3,4,5
exit
s:
do i = 1 to arg()
  say i arg(i)
end
return
