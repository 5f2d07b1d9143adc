parse value 'abcdef' with a 'x' b
say '<'||a||'><'||b||'>'
