/* REXX: a DCAS client. It asks DCAS for a PassTicket, in either format:
     format 1: a certificate (DER, base64 as in a PEM file's body) and an application ID
               give the RACF user the certificate maps to and a PassTicket;
     format 2: a user ID and an application ID give a PassTicket.
   The request and reply are trustplex's reconstructed DCAS areas (TPXDCARQ, TPXDCARP):
   IBM has not published DCAS's own.
   Arguments: host port format applid user-or-certificate ... (any number of requests,
   one connection). */
parse arg host port requests
if host = '' then host = '10.1.1.1'
if port = '' then port = 8990
call sock 'INITIALIZE', 'DCASCLI'
s = sock('SOCKET', 'AF_INET', 'STREAM')
call sock 'CONNECT', s, 'AF_INET' port host
do while requests <> ''
  parse var requests format applid who requests
  if format = 1 then do
    cert = base64(who)
    user = ''
    asked = 'certificate of' length(cert) 'bytes'
  end
  else do
    cert = ''
    user = who
    asked = 'user' who
  end
  req = d2c(32 + length(cert), 4) || 'C4C3D9D8'x || d2c(1, 2) || d2c(format, 2) ,
    || ebcdic(applid, 8) || ebcdic(user, 8) || d2c(length(cert), 4) || cert
  call sock 'WRITE', s, req
  reply = ''
  do while length(reply) < 40
    r = sock('READ', s, 40 - length(reply))
    n = word(r, 1)
    if n = 0 then leave
    reply = reply || substr(r, length(n) + 2)
  end
  if length(reply) < 40 then do
    say 'DCAS closed the connection'
    exit 8
  end
  rc = c2d(substr(reply, 13, 4))
  reason = c2d(substr(reply, 17, 4))
  if rc = 0 then
    say 'format' format 'applid' applid asked': user' ascii(substr(reply, 21, 8)) ,
      'PassTicket' ascii(substr(reply, 29, 8))
  else
    say 'format' format 'applid' applid asked': refused, RC' rc 'reason' reason
end
call sock 'CLOSE', s
call sock 'TERMINATE'
exit 0

/* SOCKET() with the arguments given; the data after the return code, or the end. */
sock: procedure
  select
    when arg() = 1 then r = socket(arg(1))
    when arg() = 2 then r = socket(arg(1), arg(2))
    when arg() = 3 then r = socket(arg(1), arg(2), arg(3))
    otherwise r = socket(arg(1), arg(2), arg(3), arg(4))
  end
  parse var r rc rest
  if rc <> 0 then do
    say 'SOCKET' arg(1) 'failed:' r
    exit 8
  end
  return rest

/* Base64 text to the bytes it stands for: six bits a character, eight a byte. */
base64: procedure
  abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  text = strip(arg(1), 'T', '=')
  bits = ''
  do i = 1 to length(text)
    bits = bits || right(x2b(d2x(pos(substr(text, i, 1), abc) - 1, 2)), 6)
  end
  return x2c(b2x(left(bits, length(bits) - length(bits) // 8)))

/* Upper-case letters, digits and blanks to IBM-1047, padded to n with blanks. */
ebcdic: procedure
  return translate(left(translate(arg(1)), arg(2)), ,
    'C1C2C3C4C5C6C7C8C9D1D2D3D4D5D6D7D8D9E2E3E4E5E6E7E8E9F0F1F2F3F4F5F6F7F8F940'x, ,
    'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ')

/* IBM-1047 upper-case letters, digits and blanks back to text. */
ascii: procedure
  return strip(translate(arg(1), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ', ,
    'C1C2C3C4C5C6C7C8C9D1D2D3D4D5D6D7D8D9E2E3E4E5E6E7E8E9F0F1F2F3F4F5F6F7F8F940'x))
