/* TSO/E: JUSTIFY cuts the normalized string to LENGTH, drops a trailing blank, then pads the gaps (IBM's example: The++blue); Regina keeps the blank and gives The+blue+ */
say justify('The blue sky',9,'+')
say justify('one two three',8,'.')
