say 1 & 1
say 1 & 0
say 0 | 1
say 0 | 0
say 1 && 1
say 1 && 0
say \1
say \0
