/* REXX: a client on a host outside the sysplex. It connects to the trusted server,
   asks for the server's user ID (outside the sysplex there is none to give: the
   stack answers ENOPARTNERINFO), and sends a message.
   Arguments: the server's address and port. */
parse arg host port .
if host = '' then host = '10.1.2.1'
if port = '' then port = 4000
say socket('INITIALIZE', 'PC')
parse value socket('SOCKET', 'AF_INET', 'STREAM') with rc s
say 'CONNECT' socket('CONNECT', s, 'AF_INET' port host)
say 'SIOCGPARTNERINFO' socket('IOCTL', s, 'SIOCGPARTNERINFO', 'PI_REQTYPE_PARTNER_USERID')
say 'WRITE' socket('WRITE', s, 'Hello from outside')
say 'READ' socket('READ', s)
say socket('CLOSE', s)
say socket('TERMINATE')
