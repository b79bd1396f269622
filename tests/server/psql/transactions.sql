-- Transaction blocks: status, failed blocks, warnings.
\set VERBOSITY verbose
create table counters (name text primary key, n int not null);
insert into counters values ('a', 1);
begin;
update counters set n = n + 1 where name = 'a';
select 1/0;
select n from counters;
rollback;
select n from counters;
begin;
begin;
insert into counters values ('b', 2) on conflict (name) do update set n = excluded.n;
commit;
commit;
select * from counters order by name;
drop table counters;
