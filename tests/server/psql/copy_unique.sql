-- COPY FROM: a unique violation names the line of the row PostgreSQL refuses
-- (the later of two rows holding a key; no line text: it is found at a batch flush).
create table copy_uq (k int primary key, v text, w int unique);
insert into copy_uq values (5, 'x', 50);
copy copy_uq from stdin;
1	a	10
2	b	20
5	c	30
\.
copy copy_uq from stdin;
7	a	70
7	b	71
\.
copy copy_uq from stdin;
8	a	80
9	b	90
10	c	80
11	d	\N
\.
copy copy_uq from stdin (format csv, header);
k,v,w
12,a,
13,b,
12,c,
\.
copy copy_uq (k, w) from stdin;
14	140
15	\N
16	\N
17	50
\.
select count(*) from copy_uq;
create table copy_uq_def (k int unique deferrable initially deferred);
begin;
copy copy_uq_def from stdin;
1
2
1
\.
commit;
copy copy_uq from stdin;
20	a	200
21	b	210
\.
select k, v, w from copy_uq order by k;
drop table copy_uq, copy_uq_def;
