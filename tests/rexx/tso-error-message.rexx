/* TSO/E: the TSO/E message form, IRX00nnI, after the traceback line */
say 'before'
x = 'a' + 1
say 'not reached'
