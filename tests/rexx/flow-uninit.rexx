say abc
say Mixed_Case
say a.b.c
