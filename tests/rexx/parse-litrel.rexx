parse value 'abcdef' with a 'c' b +1 c
say '<'||a||'><'||b||'><'||c||'>'
