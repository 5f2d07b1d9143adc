result = 'old'
call nothing
say symbol('RESULT')
exit
nothing: return
