parse value 'abcdef' with 4 a 2 b
say '<'||a||'><'||b||'>'
