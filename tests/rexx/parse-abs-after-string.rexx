/* PARSE: the piece before an absolute positional pattern starts after a string pattern's match; only a relative one counts from the match's start. */
s = 'name=Fred age=42'
parse var s 'age=' age . 1 'name=' name .
say '<'age'>' '<'name'>'
parse value 'abcdef' with 'b' v +2 w
say '<'v'>' '<'w'>'
parse value 'abcdef' with 'c' v 2 w
say '<'v'>' '<'w'>'
parse value 'abcdef' with 'c' v 5 w
say '<'v'>' '<'w'>'
parse value 'abcdef' with 'c' v -1 w
say '<'v'>' '<'w'>'
parse value 'abcdefgh' with 'cd' v =7 w
say '<'v'>' '<'w'>'
parse value 'abcdefgh' with 'cd' v =3 w
say '<'v'>' '<'w'>'
parse value 'abcdefgh' with 'cd' +1 v 'g' w
say '<'v'>' '<'w'>'
