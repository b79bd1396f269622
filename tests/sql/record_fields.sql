-- information_schema._pg_expandarray (PgJDBC's getPrimaryKeys / getIndexInfo) and
-- field selection from the records it returns.
select information_schema._pg_expandarray(array[10, 20, 30]);
select (information_schema._pg_expandarray(array[10, 20, 30])).n, (information_schema._pg_expandarray(array[10, 20, 30])).x;
select (information_schema._pg_expandarray(array['a', 'b c', '', null, 'q"x'])).x;
select information_schema._pg_expandarray(array['a', 'b c', '', null, 'q"x']);
select (k).x, (k).n from (select information_schema._pg_expandarray(array[5, 6]) as k) s where (k).n > 1;
select (information_schema._pg_expandarray(null::int[])).x;
select pg_typeof((information_schema._pg_expandarray(array[1::smallint])).x), pg_typeof((information_schema._pg_expandarray(array[1])).n);
select (information_schema._pg_expandarray(array[1])).y;
select (1).x;
select _pg_expandarray(array[1]);
