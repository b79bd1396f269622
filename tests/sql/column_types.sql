-- Every column type of the engine-core surface, stored and read back.
create table all_types (
  id smallserial primary key,
  s smallint, i integer, b bigint, big bigserial,
  r real, d double precision, n numeric(12,4), nn numeric,
  ok boolean, t text, vc varchar(8), c char(4),
  bin bytea, day date, ts timestamp, tz timestamptz,
  u uuid, j json, jb jsonb);
insert into all_types (s, i, b, r, d, n, nn, ok, t, vc, c, bin, day, ts, tz, u, j, jb) values
  (-32768, 2147483647, -9223372036854775808, 1.5, 0.1, 12345678.12345, 1e-20, true, 'text', 'varchar', 'ab',
   '\xdeadbeef', '2000-01-01', '2000-01-01 00:00:00.000001', '2000-01-01 12:00:00+05',
   '00000000-0000-0000-0000-000000000001', '[1, "two", null]', '{"k": [true, false]}'),
  (null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
select * from all_types order by id;
select id, pg_typeof(s), pg_typeof(big), pg_typeof(r), pg_typeof(n), pg_typeof(c), pg_typeof(tz), pg_typeof(jb)
  from all_types where id = 1;
select r * 2, d * 3, n / 2, c || '|', length(c), octet_length(bin), day + 1, ts + interval '1 second' from all_types where id = 1;
insert into all_types (r, d) values (3.4028235e38, 1.7976931348623157e308) returning r, d;
insert into all_types (r) values (1e39);
insert into all_types (n) values (123456789.1);
insert into all_types (u) values ('{00000000-0000-0000-0000-000000000002}') returning u;
insert into all_types (jb) values ('{"a": 1, "a": 2}') returning jb;
insert into all_types (jb) values ('[1, 2') returning jb;
insert into all_types (bin) values ('\x0') returning bin;
insert into all_types (ok) values ('tru');
insert into all_types (tz) values ('2024-07-01 12:00:00') returning tz;
select count(*), count(u), count(jb), max(id) from all_types;
select id, s, big from all_types where s is null and big > 1 order by id;
create table nulls_ok (a integer null, b text null default null);
insert into nulls_ok default values;
select * from nulls_ok;
