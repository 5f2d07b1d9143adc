parse value 'abcdef' with a +0 b
say '<'||a||'><'||b||'>'
