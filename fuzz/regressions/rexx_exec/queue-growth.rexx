do forever; queue copies('x', 10000); end
