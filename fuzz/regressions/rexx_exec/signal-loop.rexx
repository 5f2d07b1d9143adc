a: signal a
