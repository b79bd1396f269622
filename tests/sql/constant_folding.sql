-- PostgreSQL folds constant subexpressions while planning: their errors come
-- before any row is read, except in CASE arms and COALESCE arguments that can
-- never be evaluated.
create table one (a int);
insert into one values (1);
select case when false then 1 / 0 else 0 end;
select case when a > 5 then 1 / 0 else 0 end from one;
select case when true then 7 else 1 / 0 end;
select coalesce(null, 2, 1 / 0);
select coalesce(a, 1 / 0) from one;
select 1 / 0 from one where false;
select a from one where a > 1 / 0;
select sqrt(-1) from one where false;
select case 1 when 2 then 1 / 0 when 1 then 5 end;
select case when a = 1 then 'x' when 1 / 0 = 1 then 'y' end from one;
