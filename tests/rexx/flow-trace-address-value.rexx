/* TRACE VALUE and ADDRESS VALUE naming the setting already in force, and others */
a = address()
address value a
say address() == a
address value address()
say address() == a
x = trace('O')
say x trace()
trace value x
say trace()
trace value 'off'
say trace()
trace value 'Normal'
say trace()
trace value trace()
say trace()
