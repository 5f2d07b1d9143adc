/* TSO/E: an unknown TSO command sets RC -3, which TRACE N (the default) shows, and raises FAILURE, which an ERROR trap catches when FAILURE is not trapped (TSO/E condtra, TRACE) */
call on error
'NOSUCHCMD'
say 'back' rc
exit
error: say 'handler' condition('c') condition('d'); return
