-- Joins of every kind.
create table dept (id integer primary key, name text not null);
create table staff (id integer primary key, name text, dept_id integer references dept);
insert into dept values (1, 'eng'), (2, 'sales'), (3, 'empty');
insert into staff values (10, 'ann', 1), (11, 'ben', 1), (12, 'cid', 2), (13, 'dot', null);
select s.name, d.name from staff s join dept d on d.id = s.dept_id order by s.name;
select s.name, d.name from staff s inner join dept d on d.id = s.dept_id and d.name = 'eng' order by s.name;
select s.name, d.name from staff s left join dept d on d.id = s.dept_id order by s.name;
select s.name, d.name from staff s right join dept d on d.id = s.dept_id order by d.name, s.name;
select s.name, d.name from staff s full join dept d on d.id = s.dept_id order by s.name nulls last, d.name;
select s.name, d.name from staff s cross join dept d where s.id = 10 order by d.id;
select count(*) from staff, dept;
select s.name, d.name from staff s, dept d where s.dept_id = d.id order by 1;
select d.name, count(s.id) from dept d left join staff s on s.dept_id = d.id group by d.name order by d.name;
select d.name from dept d left join staff s on s.dept_id = d.id where s.id is null;
create table a (k integer, va text);
create table b (k integer, vb text);
insert into a values (1, 'a1'), (2, 'a2'), (2, 'a2bis'), (null, 'anull');
insert into b values (2, 'b2'), (3, 'b3'), (null, 'bnull');
select * from a join b using (k) order by va;
select k, va, vb from a full join b using (k) order by k nulls last, va nulls last;
select * from a natural join b order by va;
select a.k, b.k from a left join b on a.k = b.k order by a.k nulls last, va;
select a.va, b.vb from a join b on a.k < b.k order by 1, 2;
select a.va, b.vb from a left join b on false order by 1;
select x.va, y.va from a x join a y on x.k = y.k and x.va < y.va;
select s.name, d.name, a.va from staff s
  join dept d on d.id = s.dept_id
  left join a on a.k = d.id
  order by s.name, a.va;
select * from staff s join dept d on d.id = s.nosuch;
select name from staff join dept on dept.id = staff.dept_id;
select * from (select 1 as x) l cross join lateral (select l.x + 1 as y) r;
