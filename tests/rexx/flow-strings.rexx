say 'it''s'
say "say ""hi"""
say 'C1C2'x
say '41 42'x
say '0100 0001'b
say ''
