x = 5
if x > 3 then say 'big'
else say 'small'
if x < 3 then say 'small'; else say 'big'
