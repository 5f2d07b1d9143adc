/* REXX: the trusted connections of this job's stack, from TSO NETSTAT ALL caught
   with OUTTRAP: one line per connection with its TcpClusterConnFlag and
   TcpTrustedPartner bytes. */
call outtrap 'line.'
address tso 'NETSTAT ALL'
call outtrap 'OFF'
say 'NETSTAT RC' rc', lines' line.0
client = '?'
do i = 1 to line.0
  parse var line.i label ':' value
  select
    when word(line.i, 1) = 'Client' then client = word(line.i, 3)
    when strip(label) = 'Foreign Socket' then partner = strip(value)
    when strip(label) = 'TcpClusterConnFlag' then flag = strip(value)
    when strip(label) = 'TcpTrustedPartner' then
      say left(client, 8) left(partner, 18) 'TcpClusterConnFlag' flag,
        'TcpTrustedPartner' strip(value)
    otherwise nop
  end
end
address tso 'LISTCAT'
say 'LISTCAT RC' rc
exit 0
