-- WHERE, ORDER BY, LIMIT/OFFSET, DISTINCT on a small table.
create table emp (
  id integer primary key,
  name text not null,
  dept text,
  salary numeric(10,2),
  hired date);
insert into emp values
  (1, 'alice', 'eng', 120000, '2019-03-01'),
  (2, 'bob', 'eng', 95000, '2020-07-15'),
  (3, 'carol', 'sales', 70000, '2018-01-10'),
  (4, 'dave', 'sales', 70000, '2021-11-30'),
  (5, 'erin', null, 50000, '2022-05-05'),
  (6, 'frank', 'ops', null, null),
  (7, 'Grace', 'eng', 130000.50, '2017-09-09');
select * from emp order by id;
select name, salary from emp where dept = 'eng' order by salary desc;
select name from emp order by name;
select name from emp order by lower(name);
select name, dept from emp order by dept nulls first, name;
select name, salary from emp order by salary desc nulls last, name limit 3;
select name from emp order by id limit 2 offset 2;
select name from emp order by id offset 5;
select name from emp order by id limit 0;
select name from emp order by id limit null;
select name from emp order by id fetch first 2 rows only;
select distinct dept from emp order by dept;
select distinct dept, salary > 60000 as well_paid from emp order by dept, well_paid;
select distinct on (dept) dept, name, salary from emp order by dept, salary desc, name;
select count(distinct dept), count(dept), count(*) from emp;
select id, name from emp where hired >= '2020-01-01' order by hired;
select id, name from emp where hired between '2018-01-01' and '2020-12-31' order by id;
select id from emp where name like '%a%' order by id;
select id from emp where salary in (70000, 95000) order by id;
select id from emp where dept is null or salary is null order by id;
select name, salary * 1.1 as raised from emp where salary is not null order by 2 desc, 1;
select name as n, id as i from emp order by i desc limit 1;
select e.name from emp e where e.id = 3;
select emp.name, length(emp.name) from emp where emp.id < 3 order by emp.id;
select 1 as one from emp where false;
select * from emp where id = 100;
select name from emp order by id limit 2 offset -1;
select name from emp order by 9;
select name from emp order by nosuch;
select 'constant', 2 + 2;
select * from (select id, name from emp where id <= 3) sub order by id desc;
select max(id) from emp where dept = 'hr';
