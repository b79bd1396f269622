select string_to_array('a,b,,c', ','), array_to_string(array['x', 'y'], '/');
