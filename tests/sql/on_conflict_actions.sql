-- ON CONFLICT actions: DO UPDATE SET forms, EXCLUDED with defaults applied, the
-- target alias, DO UPDATE ... WHERE, RETURNING and the command tag counting exactly
-- the inserted and updated rows, INSERT ... SELECT, and upserts inside CTEs.
create table m (a int, b int, c text, unique (a, b));
insert into m values (1, 2, 'x');
insert into m values (1, 2, 'w') on conflict (a, b) do update set (c, a) = ('p', 1) returning *;
insert into m values (1, 2, 'w') on conflict (a, b) do update set (c, a) = row('q', 1) returning *;
insert into m values (1, 2, 'w') on conflict (a, b) do update set (c) = row('r') returning *;
insert into m values (1, 2, 'w') on conflict (a, b) do update set (c, b) = (select excluded.c || '!', m.b) returning *;
insert into m values (1, 2, 'w') on conflict (a, b) do update set (c, a) = ('p') returning *;
insert into m values (1, 2, 'w') on conflict (a, b) do update set (c, a) = ('p', 1, 2) returning *;
insert into m values (1, 2, 'w') on conflict (a, b) do update set c = default returning *;
insert into m values (1, 2, 'w') on conflict (a, b) do update set c = 'twice', c = 'again';
-- the target alias replaces the table name
insert into m as x values (1, 2, 'w') on conflict (a, b) do update set c = m.c returning *;
insert into m as x values (1, 2, 'w') on conflict (a, b) do update set c = x.c || '+' returning x.*;
insert into m as x values (1, 2, 'w') on conflict (a, b) do update set c = 'ret' returning m.c;
insert into m as excluded values (1, 2, 'w') on conflict (a, b) do update set c = 'e';
-- EXCLUDED holds the proposed row with its defaults applied
create table d (k int primary key, n int default 42, s text default 'dflt', t timestamp default '2020-01-01');
insert into d (k) values (1);
insert into d (k) values (1) on conflict (k) do update set n = excluded.n + 1, s = excluded.s || '2' returning *;
insert into d (k, n) values (1, default) on conflict (k) do update set n = excluded.n * 2 returning *;
insert into d values (1) on conflict (k) do update set t = excluded.t + interval '1 day' returning *;
insert into d (k, s) values (1, null) on conflict (k) do update set s = coalesce(excluded.s, 'was null') returning k, s;
insert into d (k) values (1) on conflict (k) do update set n = d.n + excluded.n returning k, n;
-- DO UPDATE ... WHERE over the existing row and EXCLUDED: skipped rows are not counted or returned
insert into d (k, n) values (1, 5), (2, 6) on conflict (k) do update set n = excluded.n where d.n > 100 returning k, n;
insert into d (k, n) values (1, 7), (2, 8), (3, 9) on conflict (k) do update set n = excluded.n where excluded.n > 7 returning k, n;
insert into d (k, n) values (1, 1) on conflict (k) do update set n = 0 where d.nosuch = 1;
insert into d (k, n) values (1, 1) on conflict (k) do update set n = 0 where count(*) > 0;
select k, n, s from d order by k;
-- a DO UPDATE that breaks a constraint fails as an UPDATE would
create table ck (id int primary key, v int check (v > 0), w int not null default 1);
insert into ck values (1, 1);
insert into ck values (1, 5) on conflict (id) do update set v = -1;
insert into ck values (1, 5) on conflict (id) do update set w = null;
insert into ck values (2, 5), (3, 5) on conflict (id) do update set id = 3;
select * from ck order by id;
-- INSERT ... SELECT ... ON CONFLICT
create table src (k int, v text);
insert into src values (1, 'one'), (2, 'two'), (9, 'nine');
create table kv (k int primary key, v text, hits int not null default 0);
insert into kv values (1, 'old');
insert into kv (k, v) select k, v from src on conflict (k) do update set v = excluded.v, hits = kv.hits + 1 returning *;
insert into kv (k, v) select k, v from src on conflict do nothing;
insert into kv (k, v) select k + 1, v from src order by k on conflict (k) do nothing returning k;
select * from kv order by k;
-- upserts inside CTEs
with ins as (insert into kv (k, v) values (20, 'new'), (1, 'dup') on conflict do nothing returning k)
select count(*) as inserted, max(k) from ins;
with ins as (insert into kv (k, v) values (20, 'x'), (21, 'y') on conflict (k) do update set hits = kv.hits + 10 returning k, hits)
select * from ins order by k;
with wanted (k, v) as (values (30, 'a'), (1, 'b')),
     ins as (insert into kv (k, v) select k, v from wanted on conflict do nothing returning k)
select w.k, ins.k is not null as inserted from wanted w left join ins on ins.k = w.k order by w.k;
with ins as (insert into kv (k, v) values (40, 'cte') on conflict (k) do nothing returning k)
select k from ins union all select k from kv where k = 40 and not exists (select 1 from ins);
with ins as (insert into kv (k, v) values (40, 'cte') on conflict (k) do nothing returning k)
select k from ins union all select k from kv where k = 40 and not exists (select 1 from ins);
select k, v, hits from kv where k >= 20 order by k;
