parse value ' x  y ' with a . b
say '<'||a||'><'||b||'>'
