parse value 'a   b  c ' with x y
say '<'||x||'><'||y||'>'
parse value '  a b ' with x
say '<'||x||'>'
