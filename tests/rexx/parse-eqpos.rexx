n = 5
parse value 'abcdefgh' with x =3 y =(n) z
say x y z
