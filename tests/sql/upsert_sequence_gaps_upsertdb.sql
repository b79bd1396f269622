--@upsertdb-only
-- Beyond PostgreSQL (issue 4, "No sequence gaps from conflicts"; docs/semantics.md):
-- an upsert row that conflicts consumes no sequence value when the conflict can be
-- found without the defaulted serial/identity column. PostgreSQL draws nextval for
-- every proposed row first, so its ids below would be 1, 2, 5 and 7.
-- The .out is maintained by hand.
create table tag (id serial primary key, name text unique, hits int not null default 1);
insert into tag (name) values ('a'), ('b');
insert into tag (name) values ('a') on conflict (name) do nothing;
insert into tag (name) values ('b') on conflict (name) do update set hits = tag.hits + 1;
insert into tag (name) values ('c') on conflict (name) do nothing returning id, name;
insert into tag (name) values ('a'), ('d') on conflict (name) do update set hits = tag.hits + 1 returning id, name, hits;
select id, name, hits from tag order by id;
-- reading EXCLUDED.id needs the value, so that upsert draws one as PostgreSQL does
insert into tag (name) values ('a') on conflict (name) do update set hits = excluded.id returning id, name, hits;
insert into tag (name) values ('e') returning id;
