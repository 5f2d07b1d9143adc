do forever; say 'again'; end
