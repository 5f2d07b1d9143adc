say reverse('ABc.')
say reverse('')
say reverse(123)
