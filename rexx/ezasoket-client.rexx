/* REXX: the trusted client again, through the CALL interface: EZASOKET called by
   ADDRESS LINKPGM, each parameter a variable that becomes an area in storage and is
   read back after the call. INITAPI, SOCKET, CONNECT, IOCTL SIOCGPARTNERINFO for the
   server's user ID (waiting up to 10 seconds), WRITE, READ, CLOSE, TERMAPI.
   SOC-FUNCTION, IDENT and SUBTASK are EBCDIC; binary fields are built with D2C.
   Arguments: the server's address and port. */
parse arg host port .
if host = '' then host = '10.1.1.2'
if port = '' then port = 4000
maxsoc = d2c(50, 2)
ident = ebcdic('TCPCS1', 8) || ebcdic(userid(), 8)   /* TCPNAME, ADSNAME */
subtask = ebcdic('EZACLI', 8)
maxsno = d2c(0, 4)
call eza 'INITAPI', 'maxsoc ident subtask maxsno'
say 'INITAPI: highest socket number' c2d(maxsno)
af = d2c(2, 4); soctype = d2c(1, 4); proto = d2c(0, 4)
s = d2c(eza('SOCKET', 'af soctype proto'), 2)
parse var host a '.' b '.' c '.' d
name = d2c(2, 2) || d2c(port, 2) || d2c(a) || d2c(b) || d2c(c) || d2c(d) || copies('00'x, 8)
call eza 'CONNECT', 's name'
say 'connected to' host 'port' port 'on socket' c2d(s)
command = x2c('C000F612')                  /* SIOCGPARTNERINFO */
/* PI_Version 1, PI_Buflen 40, PI_REQTYPE_PARTNER_USERID, PI_Timeout 10 */
reqarg = d2c(1, 4) || d2c(40, 4) || d2c(1, 4) || d2c(10, 4) || copies('00'x, 24)
retarg = copies('00'x, 40)
call eza 'IOCTL', 's command reqarg retarg'
say 'server user' ascii(substr(retarg, 21, 8)) 'routing' c2x(substr(retarg, 17, 1)),
  'PI_CredFlags' c2x(substr(retarg, 18, 1))
buf = 'Hello from' userid() 'through EZASOKET'
nbyte = d2c(length(buf), 4)
call eza 'WRITE', 's nbyte buf'
nbyte = d2c(100, 4); buf = copies(' ', 100)
n = eza('READ', 's nbyte buf')
say 'echoed:' left(buf, n)
call eza 'CLOSE', 's'
call eza 'TERMAPI', ''
exit 0

/* CALL EZASOKET with the function and the variables named; RETCODE, or the end. */
eza:
  func = ebcdic(arg(1), 16)
  errno = d2c(0, 4); retcode = d2c(0, 4)
  address linkpgm 'EZASOKET func' arg(2) 'errno retcode'
  if rc <> 0 | c2d(retcode, 4) < 0 then do
    say 'EZASOKET' arg(1) 'failed: RC' rc 'RETCODE' c2d(retcode, 4) 'ERRNO' c2d(errno, 4)
    exit 8
  end
  return c2d(retcode, 4)

/* Upper-case letters, digits and blanks to IBM-1047, padded to n with blanks. */
ebcdic: procedure
  return translate(left(translate(arg(1)), arg(2)), ,
    'C1C2C3C4C5C6C7C8C9D1D2D3D4D5D6D7D8D9E2E3E4E5E6E7E8E9F0F1F2F3F4F5F6F7F8F940'x, ,
    'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ')

/* IBM-1047 upper-case letters, digits and blanks back to text. */
ascii: procedure
  return strip(translate(arg(1), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ', ,
    'C1C2C3C4C5C6C7C8C9D1D2D3D4D5D6D7D8D9E2E3E4E5E6E7E8E9F0F1F2F3F4F5F6F7F8F940'x))
