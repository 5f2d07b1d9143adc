parse value 'Foo Bar' with v1 +5 v2 .
say '<'||v1||'><'||v2||'>'
