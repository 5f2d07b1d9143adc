do i = 1; call value 'V'i, i; end
