call double 21
say result
say double(4)
exit
double: return arg(1) * 2
