-- count() over a row constructor: count((a, b)) counts every row (a row value is
-- never NULL), count(DISTINCT (a, b)) the distinct combinations, NULL fields equal
-- to each other; an unknown-typed field cannot be compared (42883). Other uses of a
-- row value outside comparisons are not supported yet (0A000, docs/semantics.md).
create table r (a int, b text, n numeric);
insert into r values (1, 'x', 1.0), (1, 'x', 1.00), (1, 'y', 2), (2, null, null), (2, null, null), (null, null, null);
select count(distinct (a, b)) from r;
select count((a, b)) from r;
select count(distinct row(a, b)) from r;
select count(distinct (a, n)), count(distinct (a, b, n)) from r;
select a, count(distinct (b, n)) from r group by a order by a;
select count(distinct (a, b)) filter (where a > 1) from r;
select count(distinct (a, 'k')) from r;
select count(distinct (a)) from r;
select count(distinct (a, b)) from r where false;
select count(distinct (a, b)) = count(*) as all_distinct from (select distinct a, b from r) s;
select count((a, 'k')) from r;
select count(distinct (a, 'k'::text)) from r;
select count(distinct (a, b)), count(distinct a), count(*) from r;
