call r
r: call r
