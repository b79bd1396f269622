-- INSERT ... ON CONFLICT basics: DO NOTHING / DO UPDATE with and without a target,
-- EXCLUDED, the target alias, DO UPDATE ... WHERE, RETURNING, 21000 for duplicate
-- proposals, ON CONSTRAINT, expression and partial unique indexes, INSERT ... SELECT.
create table kv (k int primary key, v text, n int default 0);
insert into kv values (1, 'a') on conflict do nothing;
insert into kv values (1, 'b') on conflict do nothing;
insert into kv values (1, 'c') on conflict (k) do nothing returning *;
insert into kv values (1, 'd'), (2, 'e') on conflict (k) do update set v = excluded.v, n = kv.n + 1 returning k, v, n;
select * from kv order by k;
insert into kv as t values (2, 'f') on conflict (k) do update set v = t.v || excluded.v where t.n > 5 returning *;
insert into kv as t values (2, 'g') on conflict (k) do update set v = t.v || excluded.v where t.n = 0 returning *;
insert into kv values (3, 'x'), (3, 'y') on conflict (k) do update set v = excluded.v;
insert into kv values (3, 'x'), (3, 'y') on conflict (k) do nothing;
select * from kv order by k;
insert into kv values (4, 'z') on conflict (v) do nothing;
insert into kv values (4, 'z') on conflict do update set v = 'q';
insert into kv values (4, 'z') on conflict on constraint kv_pkey do update set v = 'q' returning *;
insert into kv values (4, 'w') on conflict on constraint kv_pkey do update set v = 'q' returning *;
insert into kv values (5, 'z') on conflict on constraint no_such do nothing;
insert into kv values (6, 'z') on conflict (k) do update set nosuch = 1;
insert into kv values (6, 'z') on conflict (k) do update set v = excluded.nosuch;
create table emails (id serial primary key, email text not null unique, visits int not null default 1);
insert into emails (email) values ('a@x') on conflict (email) do update set visits = emails.visits + 1 returning id, email, visits;
insert into emails (email) values ('a@x') on conflict (email) do update set visits = emails.visits + 1 returning id, email, visits;
-- ids are left out from here on: a conflicting row burns a sequence value in PostgreSQL and not in
-- UpsertDB (docs/semantics.md; tests/sql/upsert_sequence_gaps_upsertdb.sql)
insert into emails (email) values ('b@x'), ('a@x') on conflict (email) do update set visits = emails.visits + 1 returning email, visits;
insert into emails (email) values ('a@x') on conflict (id) do nothing;
select email, visits from emails order by email;
create table lower_u (id int, name text);
create unique index lower_u_name on lower_u (lower(name));
insert into lower_u values (1, 'Bob');
insert into lower_u values (2, 'BOB') on conflict (lower(name)) do update set id = excluded.id returning *;
insert into lower_u values (3, 'bob') on conflict (name) do nothing;
create table part_u (id int, tenant int, deleted boolean default false);
create unique index part_u_live on part_u (id) where not deleted;
insert into part_u values (1, 1);
insert into part_u values (1, 2) on conflict (id) where not deleted do update set tenant = excluded.tenant returning *;
insert into part_u values (1, 3) on conflict (id) do nothing;
insert into part_u values (1, 4, true) on conflict do nothing returning *;
select * from part_u order by tenant;
begin;
insert into kv values (10, 'tx') on conflict (k) do update set v = 'tx2';
insert into kv values (10, 'tx') on conflict (k) do update set v = 'tx2' returning *;
rollback;
select count(*) from kv where k = 10;
insert into kv (k, v) select g, 'gen' from generate_series(1, 6) g on conflict (k) do update set n = kv.n + 100 returning k, v, n;
