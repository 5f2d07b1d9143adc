say digits()
say fuzz()
say form()
