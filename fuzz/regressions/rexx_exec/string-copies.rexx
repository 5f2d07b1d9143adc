x = copies('ab', 8000000)
do forever; y = x || ''; end
