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
