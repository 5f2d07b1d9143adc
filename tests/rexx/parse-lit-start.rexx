parse value 'xyz abc' with 'abc' a
say '<'||a||'>'
parse value 'xyz abc' with a 'xyz' b
say '<'||a||'><'||b||'>'
