/* TSO/E: TRACE I shows each term and operation on the terminal (>L> >V> >C> >O> >P> >F>); Regina writes to stderr */
a = 1
trace i
d = length('abc') + a
x.a = 'q' || d
say -d x.1
select
  when \ (d > 3) then say 'no'
  otherwise say 'yes'
end
trace n
say 'done'
