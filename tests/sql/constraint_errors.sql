-- Constraint violations with PostgreSQL's SQLSTATE, message and DETAIL.
create table p (id integer primary key, code text unique);
create table c (
  id integer primary key,
  p_id integer not null references p (id),
  qty integer check (qty >= 0),
  label varchar(4),
  constraint c_qty_limit check (qty < 1000));
insert into p values (1, 'one'), (2, 'two');
insert into c values (1, 1, 5, 'ok');
insert into c values (2, null, 5, 'x');
insert into c (id, qty) values (3, 1);
insert into c values (4, 3, 5, 'x');
insert into c values (5, 1, -1, 'x');
insert into c values (6, 1, 1000, 'x');
insert into c values (7, 1, 1, 'toolong');
insert into c values (8, 1, 1, 'abcd   ');
insert into c values (1, 2, 0, 'dup');
insert into p values (3, 'one');
insert into p values (null, 'nul');
update c set p_id = 9 where id = 1;
update c set qty = -5 where id = 1;
update c set p_id = null;
update p set id = 10 where id = 1;
delete from p where id = 1;
delete from p where id = 2;
select * from p order by id;
select * from c order by id;
create table nn (a integer not null, b text not null default 'd', c integer);
insert into nn (c) values (1);
insert into nn (a, b) values (1, null);
insert into nn values (1, 'x', 2), (null, 'y', 3);
select * from nn;
create table ck (a integer, b integer, check (a < b));
insert into ck values (1, 2), (null, 1);
insert into ck values (2, 1);
select * from ck order by b;
create table multi (a integer, b integer, unique (a, b));
insert into multi values (1, 1), (1, 2), (1, null), (1, null);
insert into multi values (1, 2);
create table vc (s varchar(3), c char(2));
insert into vc values ('abc', 'ab');
insert into vc values ('abcd', 'a');
insert into vc values ('a', 'abc');
insert into vc values ('ab'::varchar(5), 'a'), ('abcdef'::varchar(3), 'b');
select s, c, length(c) from vc order by s;
