call s 'one two', 'three'
exit
s: parse arg a b, c
say a '|' b '|' c
arg d
say d
return
