-- generate_series as a table function.
select * from generate_series(1, 5);
select generate_series(1, 10, 3);
select * from generate_series(5, 1, -2) as g(n);
select * from generate_series(1, 0);
select count(*), sum(g) from generate_series(1, 1000) g;
select g, g * g as sq from generate_series(1, 4) as g order by g desc;
select x from generate_series(1, 3) x join generate_series(2, 4) y on x = y order by x;
select * from generate_series('2024-01-30'::timestamp, '2024-02-02', '1 day');
select generate_series(1, 3), generate_series(1, 2);
select * from generate_series(1, 5, 0);
select pg_typeof(g) from generate_series(1::bigint, 1) g;
select * from generate_series(0.5, 2.0, 0.5);
create table gs (n integer primary key, sq integer);
insert into gs select g, g * g from generate_series(1, 20) g;
select count(*), max(sq) from gs;
select n from gs where n % 7 = 0 order by n;
-- Scalar functions in FROM: one row, the column named after the function or its alias.
select * from current_schema();
select * from current_schema() as s;
select s.x from current_schema() as s(x);
select * from lower('ABC') with ordinality;
select * from abs(-5) f, generate_series(1,2) g order by g;
select * from upper(null::text);
select * from no_such_function(1);
select * from sum(1);
