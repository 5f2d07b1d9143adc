parse value 'a,b' with a ',' b ',' c
say '<'||a||'><'||b||'><'||c||'>'
