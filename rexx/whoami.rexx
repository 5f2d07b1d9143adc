/* REXX: where am I? The job's system, sysplex and user (MVSVAR, USERID), its stack's
   address and host name (SOCKET GETHOSTID and GETHOSTNAME), and the system name as a
   program finds it in storage: the PSA's FLCCVT at X'10', then CVTSNAME at X'154', in
   EBCDIC (SOCKET TRANSLATE TO_ASCII shows it on this ASCII machine). Then whether the
   catalogue has its exec library (SYSDSN, LISTDSI, with the user's prefix). */
call socket 'INITIALIZE', 'WHOAMI'
parse value socket('GETHOSTID') with . addr
parse value socket('GETHOSTNAME') with . host
cvt = c2d(storage(10, 4))
parse value socket('TRANSLATE', storage(d2x(cvt + 340), 8), 'TO_ASCII') with . . cvtsname .
say mvsvar('SYSNAME') mvsvar('SYSPLEX') userid() addr host 'CVTSNAME' cvtsname
say 'EXEC(WHOAMI)' sysdsn('exec(whoami)') 'LISTDSI' listdsi('exec directory'),
    sysdsname sysdsorg sysrecfm syslrecl sysmembers
call socket 'TERMINATE'
exit 0
