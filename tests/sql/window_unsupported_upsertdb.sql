--@upsertdb-only
-- Window features UpsertDB does not run give a clean 0A000 where PostgreSQL 15
-- accepts them (docs/semantics.md): RANGE frames with offsets, GROUPS frames,
-- EXCLUDE, and set-returning functions beside window functions.
create table emp (id int primary key, dept text, salary int);
insert into emp values (1, 'eng', 100), (2, 'eng', 120), (3, 'ops', 80);
select sum(salary) over (order by id range between 1 preceding and current row) from emp;
select sum(salary) over (order by id groups between unbounded preceding and current row) from emp;
select sum(salary) over (order by id rows between unbounded preceding and current row exclude current row) from emp;
select generate_series(1, 2), row_number() over () from emp;
-- The supported frames still run.
select id, sum(salary) over (order by id rows between unbounded preceding and current row) from emp order by id;
