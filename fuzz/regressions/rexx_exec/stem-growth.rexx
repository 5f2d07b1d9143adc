do i = 1; a.i = copies('x', 1000); end
