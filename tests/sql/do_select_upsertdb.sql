--@upsertdb-only
-- Beyond PostgreSQL 15 (issue 4, "ON CONFLICT ... DO SELECT"; docs/semantics.md): the
-- get-or-create action of PostgreSQL's development branch. Conflicting rows return the
-- existing row (optionally locked, and filtered by WHERE); new rows are inserted and
-- returned. RETURNING is required. The .out is maintained by hand.
create table tags (id serial primary key, name text unique, uses int not null default 0);
insert into tags (name) values ('a'), ('b') on conflict (name) do select returning id, name;
insert into tags (name) values ('a'), ('c') on conflict (name) do select for update returning id, name;
insert into tags (name) values ('a'), ('b') on conflict (name) do select where tags.name = 'b' returning id, name;
-- no conflict target: the serial primary key arbitrates too, so this row draws (and burns) id 4
insert into tags (name) values ('a') on conflict do select for key share returning id;
insert into tags (name) values ('a') on conflict (name) do select;
select id, name, uses from tags order by id;
with t as (insert into tags (name) values ('c'), ('d') on conflict (name) do select returning id)
select count(*), max(id) from t;
-- every lock strength parses and returns the row (what each blocks: tests/isolation/specs/upsert-do-select-locks.spec)
begin;
insert into tags (name) values ('a') on conflict (name) do select for no key update returning id, name;
insert into tags (name) values ('b') on conflict (name) do select for share returning id, name;
insert into tags (name) values ('c') on conflict (name) do select for key share returning id, name;
insert into tags (name) values ('d') on conflict (name) do select for update returning id, name;
commit;
-- RETURNING sees the existing row, EXCLUDED is the proposal; the tag counts inserted plus selected
insert into tags as t (name, uses) values ('a', 5), ('e', 6) on conflict (name) do select
  returning t.id, t.name, t.uses;
insert into tags (name, uses) values ('a', 7) on conflict (name) do select where excluded.uses > tags.uses
  returning id, uses;
insert into tags (name, uses) values ('a', 7) on conflict (name) do select where excluded.uses < tags.uses
  returning id, uses;
-- a row the same statement inserted is selected by a later proposal of the same key
insert into tags (name) values ('f'), ('f') on conflict (name) do select returning id, name;
insert into tags (name) values ('a') on conflict (name) do select for update of tags returning id;
insert into tags (name) values ('a') on conflict (nosuch) do select returning id;
select id, name, uses from tags order by id;
