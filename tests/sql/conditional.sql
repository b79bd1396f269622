-- CASE, COALESCE, NULLIF, GREATEST/LEAST.
select case when 1 > 2 then 'a' when 2 > 1 then 'b' else 'c' end;
select case 3 when 1 then 'one' when 3 then 'three' end, case 4 when 1 then 'one' end;
select case when null then 'x' else 'y' end, case null when null then 'eq' else 'ne' end;
select case when true then 1 else 2.5 end, pg_typeof(case when true then 1 else 2.5 end);
select case when false then 1 / 0 else 0 end;
select case when true then 1 else 'x' end;
select coalesce(null, 2, 1 / 0), coalesce(null::text, null::text) is null;
select nullif(0, 0) is null, 10 / nullif(0, 0), nullif('x', 'x') is null;
select coalesce(1, 'a');
create table grades (name text, score integer);
insert into grades values ('a', 95), ('b', 82), ('c', 67), ('d', null), ('e', 45);
select name,
       case when score >= 90 then 'A' when score >= 80 then 'B' when score >= 60 then 'C'
            when score is null then '-' else 'F' end as grade
from grades order by name;
select case when score > 60 then 'pass' else 'fail' end as r, count(*) from grades group by 1 order by 1;
select name, coalesce(score, 0) + 1 from grades order by name;
select sum(case when score >= 80 then 1 else 0 end) as good, sum(case when score < 80 then 1 end) as bad from grades;
select name, greatest(score, 70), least(score, 70) from grades order by name;
update grades set score = case when score is null then 0 else score + 5 end;
select name, score from grades order by score desc;
