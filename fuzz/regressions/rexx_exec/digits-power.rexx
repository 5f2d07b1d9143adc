numeric digits 1000
do forever; x = 3 ** 999999999; end
