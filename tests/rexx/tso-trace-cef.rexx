/* TSO/E: TRACE C shows every command, E and F the ones that fail, with +++ RC(n) +++; L the labels */
trace l
call here
trace e
'NOSUCH cmd'
say 'rc' rc
trace f
'NOSUCH again'
trace c
'ALSO'
trace o
'QUIET'
say 'rc' rc
exit
here: return
