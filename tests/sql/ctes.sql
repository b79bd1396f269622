-- WITH queries, recursive CTEs and data-modifying CTEs with RETURNING.
with t as (select 1 as a union all select 2) select * from t order by a;
with x(n) as (values (1), (2), (3)), y as (select n * 10 as m from x) select n, m from x join y on m = n * 10 order by n;
with recursive r(n) as (select 1 union all select n + 1 from r where n < 5) select n from r order by n;
with recursive fib(a, b) as (select 0::bigint, 1::bigint union all select b, a + b from fib where b < 100)
  select a from fib order by a;
create table tree (id integer primary key, parent integer, label text);
insert into tree values (1, null, 'root'), (2, 1, 'a'), (3, 1, 'b'), (4, 2, 'a1'), (5, 4, 'a1x');
with recursive sub(id, label, depth) as (
  select id, label, 0 from tree where id = 2
  union all
  select t.id, t.label, s.depth + 1 from tree t join sub s on t.parent = s.id)
select id, label, depth from sub order by id;
create table inbox (id serial primary key, msg text, done boolean default false);
create table archive (id integer, msg text);
insert into inbox (msg) values ('one'), ('two'), ('three');
with moved as (delete from inbox where id <= 2 returning id, msg)
  insert into archive select id, msg from moved;
select * from archive order by id;
select id, msg from inbox order by id;
with ins as (insert into inbox (msg) values ('four'), ('five') returning id, msg)
  select id, upper(msg) from ins order by id;
with upd as (update inbox set done = true where msg like 'f%' returning id)
  select count(*) from upd;
select id, msg, done from inbox order by id;
with d as (delete from archive returning *) select count(*), sum(id) from d;
select count(*) from archive;
with t as (select 1 as a) select b from t;
with t as (select 1) select * from t, t;
with w as materialized (select 5 as v) select v * 2 from w;
