-- MERGE in PostgreSQL 15's form: WHEN MATCHED [AND ...] THEN UPDATE / DELETE /
-- DO NOTHING, WHEN NOT MATCHED [AND ...] THEN INSERT / DO NOTHING, the first
-- qualifying WHEN wins, command tags, constraint errors, and grammar errors.
create table tgt (id int primary key, v int not null, note text);
insert into tgt values (1, 10, null), (2, 20, null), (3, 30, null);
create table src (id int, v int);
insert into src values (1, 1), (2, -20), (4, 4), (5, null), (6, 6);
merge into tgt t using src s on t.id = s.id
  when matched and t.v + s.v = 0 then delete
  when matched then update set v = t.v + s.v, note = 'm'
  when not matched and s.v is null then do nothing
  when not matched then insert (id, v, note) values (s.id, s.v, 'n');
select * from tgt order by id;
merge into tgt t using src s on t.id = s.id when not matched then do nothing;
merge into tgt t using src s on t.id = s.id when matched then do nothing;
merge into tgt t using (select 7 as id, 70 as v) s on t.id = s.id when not matched then insert values (s.id, s.v);
merge into tgt t using (select 7 as id, null::int as v) s on false when not matched then insert values (s.id, s.v);
merge into tgt t using (select 7 as id) s on false when not matched then insert values (s.id, 1);
merge into tgt t using (select 8 as id) s on t.id = s.id when not matched then insert (id) values (s.id);
merge into tgt t using src s on t.id = s.id when matched and s.v > 0 then update set v = s.v when matched then delete;
select * from tgt order by id;
merge into tgt using src on tgt.id = src.id when matched then update set note = 'alias-less';
select id, note from tgt order by id;
merge into tgt t using src s on t.id = s.id when matched then update set id = s.id + 100;
select id from tgt order by id;
merge into tgt t using src s on t.id = s.id when matched then insert values (1, 1);
merge into tgt t using src s on t.id = s.id when not matched then update set v = 1;
merge into tgt t using src s on t.id = s.id when not matched then delete;
merge into tgt t using src s on s.id = t.id when matched then update set t.v = 1;
create table mc (id int primary key, v int check (v > 0));
insert into mc values (1, 1);
merge into mc using (values (1, -1)) s(id, v) on mc.id = s.id when matched then update set v = s.v;
merge into mc using (values (2, 1), (2, 2)) s(id, v) on mc.id = s.id when not matched then insert values (s.id, s.v);
begin;
merge into mc using (values (3, 3)) s(id, v) on mc.id = s.id when not matched then insert values (s.id, s.v);
select * from mc order by id;
rollback;
with x as (select 1 as id) merge into mc using x on mc.id = x.id when matched then update set v = v + 1;
select * from mc;
