--@upsertdb-only
-- Deliberate difference from PostgreSQL (DESIGN.md, "Constraint timing"; SCENARIOS.md #5):
-- non-deferrable UNIQUE and PRIMARY KEY constraints are checked at the end of each
-- statement, as the SQL standard says, so a swap or a shift inside one UPDATE succeeds.
-- PostgreSQL fails these updates with 23505 unless the constraint is DEFERRABLE.
-- This file's .out is maintained by hand: it equals what PostgreSQL prints for the same
-- statements when the constraints are declared DEFERRABLE INITIALLY IMMEDIATE.
create table label (id integer primary key, name text unique, pos integer unique);
insert into label values (1, 'universe', 1), (2, 'blog', 2), (3, 'hello', 3);
update label set name = case id when 1 then 'blog' when 2 then 'universe' end where id in (1, 2);
select id, name from label order by id;
update label set pos = pos + 1;
select id, pos from label order by id;
update label set id = 4 - id;
select id, name, pos from label order by id;
-- a collision still present at the end of the statement fails, naming the key
update label set name = 'same' where id in (1, 2);
select id, name from label order by id;
update label set pos = 5 where id = 1;
-- the issue's shapes on a five-row primary key: reverse, shift, swap
create table seq5 (id int primary key, pos int not null unique);
insert into seq5 select g, g * 10 from generate_series(1, 5) g;
update seq5 set id = 6 - id;
select id, pos from seq5 order by id;
update seq5 set id = id + 1;
update seq5 set pos = pos + 10;
update seq5 set id = case id when 2 then 3 when 3 then 2 end where id in (2, 3);
select id, pos from seq5 order by id;
-- a real violation names the colliding key, and the statement changes nothing
update seq5 set id = 2 where id = 3;
update seq5 set id = id - 1 where id > 2;
insert into seq5 values (7, 100), (8, 100);
insert into seq5 values (9, 20);
select id, pos from seq5 order by id;
-- DELETE and re-INSERT of a key in one statement (a data-modifying CTE) is no duplicate
with gone as (delete from seq5 where id = 6 returning id, pos)
insert into seq5 select id, pos + 1 from gone;
select id, pos from seq5 where id = 6;
