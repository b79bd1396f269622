-- NULLs in UNIQUE and PRIMARY KEY: distinct by default (several rows may hold
-- NULL), NULLS NOT DISTINCT makes them collide, in plain inserts and in ON CONFLICT.
create table nd (a int unique, b int);
insert into nd values (null, 1), (null, 2);
insert into nd values (null, 3) on conflict (a) do nothing returning *;
select count(*) from nd where a is null;
create table nnd (a int, b int);
create unique index nnd_u on nnd (a) nulls not distinct;
insert into nnd values (null, 1);
insert into nnd values (null, 2);
insert into nnd values (null, 3) on conflict (a) do update set b = excluded.b returning *;
insert into nnd values (null, 4) on conflict do nothing returning *;
select * from nnd;
create table nnd2 (a int, b int, unique nulls not distinct (a, b));
insert into nnd2 values (1, null), (1, null);
insert into nnd2 values (1, null);
insert into nnd2 values (null, null), (2, null), (null, 2);
insert into nnd2 values (null, null);
insert into nnd2 values (null, null) on conflict do nothing;
insert into nnd2 values (null, 2) on conflict (a, b) do update set a = 3 returning *;
select * from nnd2 order by a nulls first, b nulls first;
create table nd3 (a int unique nulls distinct);
insert into nd3 values (null), (null);
create table pkn (a int, b int, primary key (a, b));
insert into pkn values (1, null);
insert into pkn (a) values (1);
update nnd2 set b = null where a = 3;
update nnd2 set a = null where a = 3;
