if 1
then
say 'yes'
else
say 'no'
