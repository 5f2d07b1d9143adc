x = 'Hello World'
parse upper var x a b
say a b
