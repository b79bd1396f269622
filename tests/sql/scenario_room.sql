-- SCENARIOS.md #3: JPA save() on room / room_new_data (serial primary key, foreign key).
create table room (
  seq serial primary key,
  column_1 varchar(10), column_2 varchar(10),
  column_3 varchar(10), column_4 varchar(10));
create table room_new_data (
  room_seq integer primary key references room,
  column_1 varchar(10), column_2 varchar(10));

insert into room (column_1, column_2) values ('a1', 'a2');
insert into room (column_1, column_2, column_3) values ('b1', 'b2', 'b3'), ('c1', NULL, 'c3');
insert into room (seq, column_1) values (10, 'explicit');
select seq, column_1, column_2, column_3, column_4 from room order by seq;

insert into room_new_data (room_seq, column_1, column_2) values (1, 'data_1', 'data_1');
-- the second save() of the same key is a plain INSERT: PostgreSQL's duplicate-key error
insert into room_new_data (room_seq, column_1, column_2) values (1, 'data_2', 'data_2');
-- a room that does not exist
insert into room_new_data (room_seq, column_1) values (99, 'orphan');
insert into room_new_data values (2, 'x', 'y'), (3, 'z', NULL);
select * from room_new_data order by room_seq;

-- what save() does when it decides "merge": an UPDATE
update room_new_data set column_1 = 'data_2', column_2 = 'data_2' where room_seq = 1;
select room_seq, column_1, column_2 from room_new_data where room_seq = 1;
update room_new_data set column_1 = 'none' where room_seq = 42;

-- too long for varchar(10)
update room set column_1 = 'abcdefghijk' where seq = 1;
insert into room (column_1) values ('0123456789');

-- the referenced room cannot go while data points at it
delete from room where seq = 2;
delete from room_new_data where room_seq = 2;
delete from room where seq = 2;
update room_new_data set room_seq = 50 where room_seq = 3;

-- the fixes: the most recent write wins, by conflict target or by constraint name
insert into room_new_data (room_seq, column_1, column_2) values (1, 'data_3', 'data_3')
on conflict (room_seq) do update set column_1 = excluded.column_1,
                                     column_2 = excluded.column_2;
insert into room_new_data (room_seq, column_1, column_2) values (1, 'data_4', 'data_4')
on conflict on constraint room_new_data_pkey do update set column_1 = excluded.column_1,
                                                           column_2 = excluded.column_2
returning room_seq, column_1, column_2;
insert into room_new_data (room_seq, column_1, column_2) values (1, 'data_5', 'data_5')
on conflict on constraint room_new_data_pkey do nothing;
insert into room_new_data (room_seq, column_1) values (10, 'new')
on conflict (room_seq) do update set column_1 = excluded.column_1;
-- the upsert still checks the foreign key and the varchar length
insert into room_new_data (room_seq, column_1) values (77, 'no room')
on conflict (room_seq) do update set column_1 = excluded.column_1;
insert into room_new_data (room_seq, column_1) values (1, 'much too long')
on conflict (room_seq) do update set column_1 = excluded.column_1;
insert into room_new_data (room_seq, column_1) values (1, 'x')
on conflict (room_seq) do update set column_1 = excluded.column_1 || ' made much too long';
-- two saves of one key in one statement cannot both win
insert into room_new_data (room_seq, column_1) values (1, 'a'), (1, 'b')
on conflict (room_seq) do update set column_1 = excluded.column_1;
select room_seq, column_1, column_2 from room_new_data order by room_seq;

select r.seq, r.column_1, d.column_1 as new_1
from room r left join room_new_data d on d.room_seq = r.seq
order by r.seq;
select count(*) from room;
drop table room;
drop table room_new_data;
drop table room;
