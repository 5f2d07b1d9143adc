say 1 \= 2
say 1 <> 1
say 1 >< 2
say 2 >= 2
say 2 <= 1
say 3 \> 2
say 3 \< 2
