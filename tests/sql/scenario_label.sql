-- SCENARIOS.md #5: label(id, name UNIQUE, post_id), renames that collide.
create table label (
  id serial primary key,
  name varchar(50) unique,
  post_id integer);
insert into label (name, post_id) values ('universe', 1), ('blog', 1);
select * from label order by id;

-- TypeORM runs INSERTs before UPDATEs: the new 'universe' meets the old row
insert into label (name, post_id) values ('universe', 1);
update label set name = 'hello' where id = 1;
insert into label (name, post_id) values ('universe', 1);
select id, name from label order by id;

-- renaming 2 -> 'hello' collides with row 1
update label set name = 'hello' where id = 2;
update label set name = upper(name) where id = 2;
select id, name from label order by id;

-- the "null the names first" workaround: NULLs never collide
update label set name = null;
update label set name = 'a' || id::text;
select id, name from label order by name;
insert into label (name) values (null), (null);
select count(*), count(name) from label;

-- a unique constraint checked at commit
create table label2 (
  id integer primary key,
  name text,
  constraint label2_name_key unique (name) deferrable initially deferred);
insert into label2 values (1, 'universe'), (2, 'blog');
begin;
update label2 set name = 'blog' where id = 1;
update label2 set name = 'universe' where id = 2;
commit;
select * from label2 order by id;
begin;
update label2 set name = 'same' where id in (1, 2);
commit;
select * from label2 order by id;
