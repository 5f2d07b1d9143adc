parse value '' with a b c
say '<'||a||'><'||b||'><'||c||'>'
