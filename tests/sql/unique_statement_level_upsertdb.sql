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
