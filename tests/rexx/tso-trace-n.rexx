/* TSO/E: TRACE N, the default, shows a command whose RC is negative after it runs, with +++ RC(n) +++; TRACE O shows none (TRACE, "Normal") */
'NOSUCH one'
say 'rc' rc
trace o
'NOSUCH two'
say 'rc' rc
trace n
'NOSUCH three'
say 'rc' rc
