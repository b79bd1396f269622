-- Duplicate proposals within one statement: DO UPDATE cannot affect a row twice
-- (21000 with PostgreSQL's HINT), whether the row existed or the same statement
-- inserted it; DO NOTHING keeps the first proposal.
create table kv (k int primary key, v text, n int not null default 0);
insert into kv values (1, 'a');
insert into kv values (1, 'x'), (1, 'y') on conflict (k) do update set v = excluded.v;
insert into kv values (2, 'x'), (2, 'y') on conflict (k) do update set v = excluded.v;
insert into kv values (3, 'x'), (4, 'z'), (3, 'y') on conflict (k) do update set n = kv.n + 1;
select * from kv order by k;
insert into kv values (2, 'first'), (2, 'second') on conflict do nothing returning *;
insert into kv values (1, 'x'), (1, 'y') on conflict (k) do nothing returning *;
insert into kv (k, v) select 5, 'g' || g from generate_series(1, 3) g on conflict (k) do nothing returning *;
insert into kv (k, v) select 6, 'g' || g from generate_series(1, 3) g on conflict (k) do update set v = excluded.v;
-- a proposal whose WHERE is false leaves the row unaffected; once one updated it, any later
-- proposal for it fails, even one whose WHERE would be false
insert into kv values (1, 'p'), (1, 'q') on conflict (k) do update set v = excluded.v where excluded.v = 'p' returning *;
insert into kv values (1, 'p'), (1, 'q') on conflict (k) do update set v = excluded.v where excluded.v = 'q' returning *;
insert into kv values (1, 'r'), (1, 's') on conflict (k) do update set v = excluded.v where kv.v = 'p' returning *;
-- two unique keys of one proposal lead to the same row
create table two (a int unique, b int unique, v text);
insert into two values (1, 1, 'x');
insert into two values (1, 7, 'p'), (8, 1, 'q') on conflict (a) do update set v = excluded.v;
insert into two values (1, 7, 'p'), (8, 1, 'q') on conflict do nothing returning *;
-- the failed statements changed nothing
select * from kv order by k;
select * from two order by a;
