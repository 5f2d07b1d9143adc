parse value 'abcdef' with 3 a -1 b
say '<'||a||'><'||b||'>'
