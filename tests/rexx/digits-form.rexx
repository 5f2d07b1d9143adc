numeric form engineering
say 1e4 * 1
say 1.5e-5 * 1
say 12345e10 * 1
say form()
numeric form scientific
say 12345e10 * 1
say form()
numeric form value 'ENGINEERING'
say 1e7 * 1
