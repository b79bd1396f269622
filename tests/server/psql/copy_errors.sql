-- COPY FROM STDIN errors carry PostgreSQL's CONTEXT: the line, and the column with
-- its value for a conversion error (recorded from psql 15 against PostgreSQL 15).
create table copy_ctx (a int primary key, b int not null, c text check (c <> 'bad'));
copy copy_ctx from stdin;
1	2	x
2	3	y
3	x	z
\.
copy copy_ctx from stdin;
1	2	x	extra
\.
copy copy_ctx from stdin;
1	2
\.
copy copy_ctx from stdin;
5	\N	x
\.
copy copy_ctx from stdin;
6	1	bad
\.
copy copy_ctx from stdin;
8	yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy	x
\.
copy copy_ctx from stdin (format csv, header);
a,b,c
9,1,x
9x,1,x
\.
copy copy_ctx (a, c) from stdin;
10	q
\.
copy copy_ctx from stdin;
11	1	a
12	99999999999	a
\.
create table copy_csv (a text, b int);
copy copy_csv from stdin with (format csv);
"x
y",1
"z",q
\.
copy copy_csv from stdin with (format csv);
"a",1
"x
y",1
"z",q
\.
copy copy_csv from stdin with (format csv);
1,"abc
\.
select count(*) from copy_ctx;
select count(*) from copy_csv;
drop table copy_ctx, copy_csv;
