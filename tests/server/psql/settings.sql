-- Startup parameters and SET, seen through SHOW.
show application_name;
show search_path;
show client_encoding;
show DateStyle;
set application_name = 'changed';
show application_name;
