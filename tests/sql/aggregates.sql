-- GROUP BY / HAVING with the standard aggregates.
create table sales (region text, product text, qty integer, price numeric(8,2), ok boolean);
insert into sales values
  ('north', 'apple', 10, 1.50, true),
  ('north', 'pear', 5, 2.00, true),
  ('north', 'apple', 7, 1.50, false),
  ('south', 'apple', 3, 1.75, true),
  ('south', 'plum', null, 3.00, null),
  ('east', 'pear', 12, 1.90, true),
  (null, 'apple', 1, 1.00, false);
select count(*), count(qty), sum(qty), avg(qty), min(qty), max(qty) from sales;
select region, count(*), sum(qty) from sales group by region order by region;
select region, product, sum(qty) as total from sales group by region, product order by region, product;
select region, sum(qty * price) as revenue from sales group by region order by revenue desc nulls last;
select region, avg(price) from sales group by region order by region;
select region, min(product), max(product) from sales group by region order by region nulls first;
select region, bool_and(ok), bool_or(ok) from sales group by region order by region;
select region, string_agg(product, ',' order by product) from sales group by region order by region;
select string_agg(distinct product, ' | ' order by product) from sales;
select string_agg(product, ',') from sales where false;
select region, count(*) from sales group by region having count(*) > 1 order by region;
select product, sum(qty) from sales group by product having sum(qty) >= 15 order by product;
select product from sales group by product having bool_or(ok) and min(price) < 1.8 order by 1;
select count(*) from sales having count(*) > 100;
select sum(qty), count(*) from sales where region = 'west';
select avg(x), sum(x) from (values (1), (2), (2)) v(x);
select avg(x::float8), sum(x::float8), avg(x::bigint) from (values (1), (2), (2)) v(x);
select pg_typeof(sum(1::smallint)), pg_typeof(sum(1)), pg_typeof(sum(1::bigint)), pg_typeof(avg(1)), pg_typeof(count(*));
select count(distinct region), count(distinct product), sum(distinct qty) from sales;
select region, count(*) filter (where ok), count(*) from sales group by region order by region;
select lower(product) as p, count(*) from sales group by lower(product) order by p;
select region, count(*) from sales group by 1 order by 1;
select product, qty from sales group by product;
select region, sum(qty) from sales;
select sum(product) from sales;
select max(count(*)) from sales;
select region from sales where count(*) > 1 group by region;
select region, (select count(*) from sales s2 where s2.region = s.region) from sales s group by region order by region;
select min(price), max(price), min(ok::int), max(region) from sales;
select count(1), count(null), count(ok) from sales;
