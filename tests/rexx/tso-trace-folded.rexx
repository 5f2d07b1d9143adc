/* TSO/E: TRACE I shows each term and each operation (IBM's TRACE I); a concatenation of literals is shown step by step like any other. Regina writes trace output to stderr */
trace i
x = 'a' 'b'||'c' 1
trace n
say x
