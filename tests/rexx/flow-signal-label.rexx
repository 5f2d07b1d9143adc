signal there
say 'skipped'
there:
say 'here' sigl
