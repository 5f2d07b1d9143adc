parse value 'key=value;other' with k '=' v ';' rest
say k v rest
