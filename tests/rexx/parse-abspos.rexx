parse value 'abcdef' with a 3 b 2 c
say '<'||a||'><'||b||'><'||c||'>'
