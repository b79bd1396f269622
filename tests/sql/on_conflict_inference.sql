-- ON CONFLICT conflict targets: how PostgreSQL infers the arbiter indexes from a
-- column list (any order, as a set), expressions, opclass / COLLATE, a WHERE that
-- implies a partial index's predicate, ON CONSTRAINT, and no target; and its errors.
create table m (a int, b int, c text, unique (a, b));
insert into m values (1, 2, 'x');
insert into m values (1, 2, 'y') on conflict (b, a) do update set c = excluded.c returning *;
insert into m values (1, 2, 'z') on conflict (a, b, a) do update set c = excluded.c returning *;
insert into m values (1, 2, 'z') on conflict (a) do nothing;
insert into m values (1, 2, 'z') on conflict (a, b, c) do nothing;
insert into m values (1, 2, 'z') on conflict (a, nosuch) do nothing;
-- a plain index, or a CHECK constraint, cannot arbitrate
create table plain (a int, b int check (b > 0));
create index plain_a on plain (a);
insert into plain values (1, 1) on conflict (a) do nothing;
insert into plain values (1, 1) on conflict on constraint plain_a do nothing;
insert into plain values (1, 1) on conflict on constraint plain_b_check do nothing;
insert into plain values (1, 1) on conflict do nothing;
insert into plain values (1, 1) on conflict do nothing returning *;
-- every unique index that matches arbitrates; no target: all of them
create table two (a int unique, b int unique, c text);
insert into two values (1, 1, 'x'), (2, 2, 'y');
insert into two values (1, 2, 'z') on conflict do nothing returning *;
insert into two values (1, 2, 'z') on conflict (a) do update set c = 'za' returning *;
insert into two values (3, 1, 'z') on conflict (a) do update set c = 'zb' returning *;
insert into two values (5, 5, 'q'), (6, 5, 'r') on conflict do nothing returning *;
select * from two order by a;
-- expressions
create table low (k text, v int);
create unique index low_k on low (lower(k));
insert into low values ('A', 1);
insert into low values ('a', 2) on conflict (lower(k)) do update set v = excluded.v returning *;
insert into low values ('a', 2) on conflict ((lower(k))) do update set v = 3 returning *;
insert into low values ('a', 2) on conflict (upper(k)) do nothing;
insert into low values ('a', 2) on conflict (lower(k), k) do nothing;
insert into low values ('a', 2) on conflict (k) do nothing;
-- operator classes and collations: the index's match, others do not, unknown ones fail
insert into low values ('a', 2) on conflict (lower(k) collate "default") do update set v = 4 returning *;
insert into low values ('a', 2) on conflict (lower(k) collate "C") do update set v = 4 returning *;
insert into low values ('a', 2) on conflict (lower(k) text_ops) do update set v = 5 returning *;
insert into low values ('a', 2) on conflict (lower(k) varchar_ops) do update set v = 6 returning *;
insert into low values ('a', 2) on conflict (lower(k) text_pattern_ops) do nothing;
insert into low values ('a', 2) on conflict (lower(k) int4_ops) do nothing;
insert into low values ('a', 2) on conflict (lower(k) nosuch_ops) do nothing;
insert into low values ('a', 2) on conflict (k collate "nosuch") do nothing;
insert into low values ('a', 2) on conflict (lower(k) desc) do nothing;
insert into low values ('a', 2) on conflict (lower(k) nulls first) do nothing;
insert into m values (1, 2, 'o') on conflict (a int4_ops, b int8_ops) do nothing;
insert into m values (1, 2, 'o') on conflict (b int4_ops, a) do update set c = 'ops' returning *;
-- partial unique indexes: the WHERE must imply the index predicate
create table pu (id int, tenant int, deleted boolean default false, note text);
create unique index pu_live on pu (id) where not deleted;
insert into pu values (1, 1);
insert into pu values (1, 2) on conflict (id) do nothing;
insert into pu values (1, 2) on conflict (id) where not deleted and tenant > 0 do update set note = 'implied' returning *;
insert into pu values (1, 2) on conflict (id) where deleted do nothing;
insert into pu values (1, 2) on conflict (id) where not deleted or tenant > 3 do nothing;
insert into pu values (1, 2) on conflict (id) where not deleted or not deleted do update set note = 'or' returning *;
insert into pu values (1, 30, true) on conflict (id) where not deleted do update set note = 'deleted row' returning *;
insert into pu values (1, 31, true) on conflict do nothing returning id, tenant;
create unique index pu_full on pu (id, tenant);
insert into pu values (1, 2) on conflict (id, tenant) where not deleted do update set note = 'both' returning *;
select * from pu order by tenant;
create table pn (a int, b int);
create unique index pn_a on pn (a) where b is not null;
create unique index pn_b on pn (b) where b > 100 and a < 5;
insert into pn values (1, 1), (3, 200);
insert into pn values (1, 2) on conflict (a) where b > 0 do update set b = 9 returning *;
insert into pn values (1, 2) on conflict (a) where 0 < b do update set b = 10 returning *;
insert into pn values (1, 2) on conflict (a) where b = 5 do update set b = 11 returning *;
insert into pn values (1, 2) on conflict (a) where b is not null do update set b = 12 returning *;
insert into pn values (1, 2) on conflict (a) where a > 0 do nothing;
insert into pn values (2, 200) on conflict (b) where b > 150 and a < 2 do update set a = 0 returning *;
insert into pn values (2, 200) on conflict (b) where b > 150 do nothing;
insert into pn values (2, 200) on conflict (b) where b <> 100 and a <= 4 do nothing;
insert into pn values (2, 200) on conflict (b) where b >= 101 and a = 4 do update set a = 1 returning *;
insert into pn values (2, 200) on conflict (b) where b >= 100 and a = 4 do nothing;
select * from pn order by a;
-- boolean comparisons with true / false are simplified before the proof, as PostgreSQL does
create table pb (id int, deleted boolean not null default false, note text);
create unique index pb_live on pb (id) where not deleted;
create unique index pb_arch on pb (id) where deleted = true;
insert into pb values (1, false), (1, true);
insert into pb values (1) on conflict (id) where (not deleted) = true do update set note = 'a' returning *;
insert into pb values (1) on conflict (id) where deleted = false do update set note = 'b' returning *;
insert into pb values (1) on conflict (id) where deleted <> true do update set note = 'c' returning *;
insert into pb values (1, true) on conflict (id) where deleted do update set note = 'd' returning *;
insert into pb values (1, true) on conflict (id) where true = deleted do update set note = 'e' returning *;
insert into pb values (1, true) on conflict (id) where deleted is true do nothing;
-- IN and BETWEEN imply comparisons their values all satisfy
create table pr (a int, b int);
create unique index pr_a on pr (a) where b > 0;
insert into pr values (1, 1);
insert into pr values (1, 2) on conflict (a) where b in (1, 2) do update set b = 3 returning *;
insert into pr values (1, 2) on conflict (a) where b in (0, 2) do nothing;
insert into pr values (1, 2) on conflict (a) where b not in (0, -1) do nothing;
insert into pr values (1, 2) on conflict (a) where b between 1 and 5 do update set b = 4 returning *;
insert into pr values (1, 2) on conflict (a) where b between 0 and 5 do nothing;
