say word('Now is the time',3)
say '['word('Now is the time',5)']'
say wordindex('Now is the time',3)
say wordindex('Now is the time',6)
say wordlength('Now is the time',2)
say wordlength('Now comes the time',2)
say wordlength('Now is the time',6)
