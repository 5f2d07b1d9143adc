/* REXX: the seed's trusted client. It connects to the trusted server, asks the
   server's user ID and the routing (SIOCGPARTNERINFO, waiting up to 10 seconds for
   the answer from the server's stack), asks the routing alone (PI_REQTYPE_CONNTYPE:
   SO_CLUSTERCONNTYPE is only the C and z/OS UNIX APIs'), and sends a message.
   Arguments: the server's address and port. */
parse arg host port .
if host = '' then host = '10.1.1.2'
if port = '' then port = 4000
call sock 'INITIALIZE', 'TRSTCLI'
s = sock('SOCKET', 'AF_INET', 'STREAM')
call sock 'CONNECT', s, 'AF_INET' port host
say 'connected to' host 'port' port
parse value sock('IOCTL', s, 'SIOCGPARTNERINFO', 'PI_REQTYPE_PARTNER_USERID', 10) ,
  with conntype user .
say 'server user' user 'routing' conntype
say 'routing' sock('IOCTL', s, 'SIOCGPARTNERINFO', 'PI_REQTYPE_CONNTYPE')
call sock 'WRITE', s, 'Hello from' userid()
parse value sock('READ', s) with len data
say 'echoed:' data
call sock 'CLOSE', s
call sock 'TERMINATE'
exit 0

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
