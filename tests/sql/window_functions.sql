-- Window functions: ranking functions and aggregates OVER (PARTITION BY ... ORDER BY ...)
-- with PostgreSQL's default frame (RANGE UNBOUNDED PRECEDING to CURRENT ROW with
-- peers; the whole partition without ORDER BY), plus the errors PostgreSQL gives.
create table emp (id int primary key, dept text, salary int, bonus numeric(6,2));
insert into emp values
  (1, 'eng', 100, 10.50), (2, 'eng', 120, null), (3, 'eng', 120, 5.25), (4, 'eng', 90, 1.00),
  (5, 'ops', 80, 2.00), (6, 'ops', 80, 2.00), (7, 'ops', null, 3.50),
  (8, 'sales', 70, null), (9, null, 60, 7.75), (10, null, 65, null);
select id, row_number() over (order by id) from emp order by id;
select id, dept, row_number() over (partition by dept order by id) as rn from emp order by id;
select id, dept, salary, rank() over (partition by dept order by salary desc) from emp order by dept, salary desc, id;
select id, dept, salary, dense_rank() over (partition by dept order by salary desc) from emp order by dept, salary desc, id;
select id, salary, rank() over (order by salary), dense_rank() over (order by salary) from emp order by salary, id;
select id, salary, rank() over (order by salary nulls first) from emp order by id;
select id, salary, rank() over (order by salary desc nulls last) from emp order by id;
select id, dept, count(*) over (partition by dept) from emp order by id;
select id, dept, count(*) over () as total, count(salary) over () from emp order by id;
select id, dept, salary, sum(salary) over (partition by dept order by salary) from emp order by dept, salary, id;
select id, salary, sum(salary) over (order by salary) as running from emp order by salary nulls last, id;
select id, salary, sum(salary) over (order by salary rows between unbounded preceding and current row) from emp where salary is not null order by salary, id;
select id, salary, sum(salary) over (order by salary range between unbounded preceding and unbounded following) from emp order by id;
select id, salary, sum(salary) over (order by salary rows unbounded preceding) from emp where dept = 'ops' and salary is not null order by id;
select id, dept, min(salary) over (partition by dept), max(salary) over (partition by dept) from emp order by id;
select id, dept, avg(salary) over (partition by dept) from emp order by id;
select id, dept, avg(bonus) over (partition by dept order by id), sum(bonus) over (partition by dept order by id) from emp order by id;
select id, count(*) filter (where bonus > 3) over (order by id) from emp order by id;
select id, percent_rank() over (order by salary), cume_dist() over (order by salary) from emp where salary is not null order by id;
select dept, sum(salary), rank() over (order by sum(salary) desc) from emp group by dept order by dept nulls first;
select dept, count(*) as n, row_number() over (order by dept nulls first) from emp group by dept having count(*) > 1 order by dept;
select dept, sum(sum(salary)) over () from emp group by dept order by dept;
select id, row_number() over (order by id desc) from emp order by row_number() over (order by id desc) limit 3;
select id from emp order by rank() over (order by salary desc nulls last), id;
select distinct dept, count(*) over (partition by dept) from emp order by dept;
select id, row_number() over (partition by dept order by salary, id) + 100 as r from emp order by id;
select * from (select id, dept, row_number() over (partition by dept order by salary desc, id) as rn from emp) s where rn = 1 order by dept;
select id, (select count(*) over () from emp e2 where e2.id = e.id) from emp e where id < 3 order by id;
select x, row_number() over (), sum(x) over () from (values (3), (1), (2)) v(x) order by x;
select x, string_agg(x::text, ',') over (order by x) from (values (3), (1), (2)) v(x) order by x;
select x, array_agg(x) over (order by x) from (values (3), (1), (2)) v(x) order by x;
select x, bool_and(x > 1) over (order by x) from (values (3), (1), (2)) v(x) order by x;
select k, x, count(x) over (partition by k order by x) from (values (1, null), (1, 1), (1, 1), (2, 5)) v(k, x) order by k, x;
select row_number() over () from emp where false;
select count(*) over () from (select 1) s;
select pg_typeof(row_number() over ()), pg_typeof(rank() over ()), pg_typeof(percent_rank() over ()), pg_typeof(sum(1) over ());
-- Errors, as PostgreSQL reports them.
select row_number() from emp;
select id from emp where row_number() over () > 1;
select dept from emp group by row_number() over ();
select dept from emp group by dept having rank() over () > 1;
select sum(row_number() over ()) from emp;
select sum(row_number() over ()) over () from emp;
select abs(salary) over () from emp;
select nosuchfunc(salary) over () from emp;
select rank(1) over () from emp;
select row_number(1) over () from emp;
select count(distinct dept) over () from emp;
select array_agg(id order by salary) over () from emp;
select dept, row_number() over (partition by salary) from emp group by dept;
select sum(salary) over w from emp;
select sum(salary) over (w order by id) from emp;
select sum(dept) over () from emp;
select sum(salary) over (partition by nosuch) from emp;
-- Windows over joins, subqueries, CTEs and aggregates; where window functions are refused.
select count(*) over (), count(*) from emp;
select id, sum(salary) over (partition by dept) * 100 / sum(salary) over () as pct from emp order by id;
select e.id, row_number() over (partition by e2.dept order by e.id) from emp e join emp e2 on e.id = e2.id order by e.id;
select id, (select max(salary) over (partition by e.dept) from emp e3 limit 1) from emp e order by id;
with w as (select id, rank() over (order by salary desc) r from emp) select * from w where r <= 2 order by id;
select id, rn from (select id, row_number() over (order by id) rn from emp order by id desc limit 2) s order by id;
select dept, row_number() over (order by dept desc nulls first) from emp order by 2;
select id, sum(salary) over (order by dept, id) from emp order by id;
select id, count(*) over (order by salary desc) from emp order by id;
select row_number() over (partition by id order by rn) from (select 1 id, 2 rn) s;
select id from emp order by sum(salary) over (partition by dept), id;
select id, rank() over (order by salary + 0) r from emp order by r, id;
select rank() over (order by x) from (values ('b'), ('a'), ('b')) v(x) order by 1;
select id, salary, avg(salary) over (order by id rows between unbounded preceding and unbounded following) from emp order by id;
select max(dept) over (order by id), min(dept) over (order by id desc) from emp order by id;
select * from emp join emp e2 on row_number() over () = 1;
update emp set salary = row_number() over ();
insert into emp values (row_number() over (), 'x', 1, 1);
select * from generate_series(1, row_number() over ());
select sum(salary) over (partition by row_number() over ()) from emp;
select count(*) filter (where row_number() over () > 1) from emp;
delete from emp where id = 4 returning row_number() over ();
select sum(id) over (order by id), id from emp where id > 1 order by 1 desc;
select id, row_number() over () is not null from emp order by id;
