do forever; signal next; next: end
