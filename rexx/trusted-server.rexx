/* REXX: the seed's trusted server. It asks its stack to collect the partner's
   credentials (SIOCSPARTNERINFO) before LISTEN, accepts its clients, asks who
   each client is and how the connection is routed (waiting up to 10 seconds for the
   credentials its stack is fetching), gets the UTOKENs through BPX1IOC
   (ADDRESS LINKPGM), and echoes one message from each.
   Arguments: the port (default 4000) and how many clients to serve (default 1). */
parse arg port clients .
if port = '' then port = 4000
if clients = '' then clients = 1
call sock 'INITIALIZE', 'TRSTSRV'
s = sock('SOCKET', 'AF_INET', 'STREAM')
call sock 'IOCTL', s, 'SIOCSPARTNERINFO'
call sock 'BIND', s, 'AF_INET' port 'INADDR_ANY'
call sock 'LISTEN', s, 5
say 'listening on port' port
do clients
  parse value sock('ACCEPT', s) with c . cport caddr
  say 'accepted a connection from' caddr 'port' cport
  r = socket('IOCTL', c, 'SIOCGPARTNERINFO', 'PI_REQTYPE_PARTNER_USERID', 10)
  parse var r rc conntype user taskuser
  select
    when rc <> 0 then say 'no partner credentials:' r
    when taskuser = '' then say 'partner user' user 'routing' conntype
    otherwise say 'partner user' user 'task user' taskuser 'routing' conntype
  end
  if rc = 0 then call seccred c
  parse value sock('READ', c) with len data
  say 'received' len 'bytes:' data
  call sock 'WRITE', c, data
  call sock 'CLOSE', c
end
call sock 'CLOSE', s
call sock 'TERMINATE'
exit 0

/* The partner's UTOKENs too: PI_REQTYPE_PARTNER_SECCRED through BPX1IOC (ADDRESS
   LINKPGM), since the REXX API itself stops at user IDs. */
seccred: procedure
  parse arg c
  fd = d2c(c, 4)
  cmd = x2c('C000F612')                    /* SIOCGPARTNERINFO */
  arglen = d2c(200, 4)
  area = d2c(1, 4) || d2c(200, 4) || d2c(3, 4) || d2c(10, 4) || copies('00'x, 184)
  rv = d2c(0, 4); rcode = rv; rsn = rv
  address linkpgm 'BPX1IOC fd cmd arglen area rv rcode rsn'
  if c2d(rv, 4) = 0 then
    say 'SECCRED through BPX1IOC: PI_CredFlags' c2x(substr(area, 18, 1))
  else
    say 'BPX1IOC SIOCGPARTNERINFO failed: errno' c2d(rcode, 4) 'reason' c2x(rsn)
  return

/* SOCKET() with the arguments given; the data after the return code, or the end. */
sock: procedure
  select
    when arg() = 1 then r = socket(arg(1))
    when arg() = 2 then r = socket(arg(1), arg(2))
    when arg() = 3 then r = socket(arg(1), arg(2), arg(3))
    when arg() = 4 then r = socket(arg(1), arg(2), arg(3), arg(4))
    otherwise r = socket(arg(1), arg(2), arg(3), arg(4), arg(5))
  end
  parse var r rc rest
  if rc <> 0 then do
    say 'SOCKET' arg(1) 'failed:' r
    exit 8
  end
  return rest
