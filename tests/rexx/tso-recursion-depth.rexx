/* TSO/E: recursion too deep is error 11 (Regina itself crashes here); the long call chain is shown shortened */
call r 1
exit
r: procedure
  arg n
  call r n + 1
