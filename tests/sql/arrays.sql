-- Arrays: literals and their text form, casts, constructors, ANY/ALL, subscripts,
-- array functions, unnest, ARRAY(subquery), regnamespace, and the errors of the
-- forms UpsertDB does not support (0A000).
select '{1,2,3}'::int[], '{}'::int4[], ' { 1 , NULL } '::integer[], '[0:1]={5,6}'::int[];
select '{a,"b c",NULL,"NULL","","x\"y"}'::text[];
select array['a', 'b c', null, 'NULL', '', 'x"y', 'x\y', '{', 'null'];
select '{-32768,32767}'::int2[], '{9223372036854775807}'::int8[], '{0,4294967295}'::oid[], '{abc}'::name[];
select 'x'::int[];
select '{1,2'::int[];
select '{1,2}x'::int[];
select '{1,,2}'::int[];
select '{"a"b}'::text[];
select '[0:2]={1,2}'::int[];
select '{1,a}'::int[];
select '{1,99999}'::int2[];
select '1 2 3'::int2vector, '23 25'::oidvector, '1 2'::int2vector::int2[];
select array[1, 2, 3], array[1, null], array['x', 'y'], array[1::int2, 2::int2], array[1, 2::int8];
select array[1, '2'];
select array[]::int[], array[]::text[];
select array[];
select array[1, 'x'];
select array[1, 2]::text, '{1,2}'::int[]::int8[], array['1', '2']::int[];
-- ANY / ALL, three-valued
select 1 = any(array[1, 2]), 3 = any(array[1, 2]), 3 = any(array[1, null]), 1 = any(array[1, null]);
select 3 <> all(array[1, 2]), 1 <> all(array[1, 2]), 3 <> all(array[1, null]), 1 <> all(array[1, null]);
select null::int = any(array[1]), null::int = any('{}'::int[]), 1 = any(null::int[]), 1 <> all('{}'::int[]);
select 1 = any('{1,2}'), 'b' = any('{a,b}'), 'c' = any(array['a', 'b']), 2 > any(array[1, 5]), 2 > all(array[1, 5]);
select 1.5 = any(array[1, 2]), 2::int8 = any(array[1, 2]), 'b'::varchar = any('{a,b}'::text[]);
select 1 = any(1);
-- subscripts
select (array[10, 20, 30])[2], (array[10, 20])[3], (array[10, 20])[0], (array[10, 20])[null], (array[10, 20])['1'];
select ('{a,b}'::text[])[2], ('1 2'::int2vector)[0], ('1 2'::int2vector)[1], ('1 2'::int2vector)[2];
select (1)[1];
-- functions
select array_lower(array[1, 2], 1), array_upper(array[1, 2], 1), array_length(array[1, 2], 1), array_upper(array[1, 2], 2);
select array_upper('{}'::int[], 1), array_length('{}'::int[], 1), cardinality('{}'::int[]), cardinality(array[1, 2, 3]);
select array_upper('[0:1]={1,2}'::int[], 1), array_lower('[0:1]={1,2}'::int[], 1), array_ndims(array[1]), array_ndims('{}'::int[]);
select array_to_string(array['a', null, 'b'], ','), array_to_string(array['a', null, 'b'], ',', '*'), array_to_string(array[1, 2], '-');
select array_upper(1, 1);
-- comparisons
select '{1,2}'::int[] = '{1,2}', '{1,2}'::int[] < '{1,3}', '{1,2}'::int[] < '{1,2,3}', '{1,2}'::int[] <> array[1, 2];
select '[0:1]={1,2}'::int[] = '{1,2}'::int[], array[1, null] = array[1, null];
-- unnest and ARRAY(subquery)
select unnest(array[1, 2, 3]);
select unnest('{a,NULL,c}'::text[]), 1 as x;
select * from unnest(array['x', 'y']) with ordinality as u(v, n);
select unnest(null::int[]);
create table arr_t (id int primary key, name text);
insert into arr_t values (1, 'one'), (2, 'two'), (3, 'three');
select array(select id from arr_t order by id desc), array(select name from arr_t where id > 5);
select id from arr_t where id = any(array(select id from arr_t where id < 3)) order by id;
select id, name from arr_t where name = any('{one,three}') order by id;
select array_to_string(array(select name from arr_t order by 1), ', ');
select count(*) from arr_t, unnest(array[id, id * 10]) as u(x) where x > 1;
-- set-returning pg_partition_ancestors: no partitions, no rows (as PostgreSQL for a plain table)
select * from pg_partition_ancestors('arr_t');
select count(*) from pg_partition_ancestors('arr_t') with ordinality as a(relid, depth);
select 'arr_t'::regclass in (select pg_partition_ancestors('arr_t') union all values ('arr_t'::regclass));
-- regnamespace
select 'public'::regnamespace, 'pg_catalog'::regnamespace::oid, 2200::regnamespace::text, 11::oid::regnamespace;
select 'nope'::regnamespace;
-- array_agg and generate_subscripts (what SQLAlchemy's reflection uses)
select array_agg(id order by id desc), array_agg(name order by name) from arr_t;
select array_agg(x) from (values (1), (null), (3)) v(x);
select array_agg(id) from arr_t where id > 5;
select id % 2 as k, array_agg(id order by id) from arr_t group by 1 order by 1;
select generate_subscripts(array[10, 20, 30], 1);
select s, (array['a', 'b'])[s] from generate_subscripts(array['a', 'b'], 1) as s;
select count(*) from generate_subscripts('{}'::int[], 1);
select conname, array_agg(a.attname order by k.n) from pg_constraint c,
       unnest(c.conkey) with ordinality as k(attnum, n), pg_attribute a
  where c.conrelid = 'arr_t'::regclass and a.attrelid = c.conrelid and a.attnum = k.attnum group by conname;
select c.conname, c.conkey, c.confkey, c.conkey[1] from pg_constraint c where c.conrelid = 'arr_t'::regclass;
select i.indkey, i.indkey[0], i.indkey::int2[], array_length(i.indkey::int2[], 1) from pg_index i where i.indrelid = 'arr_t'::regclass;
select array[true, null, false], '{t,f,NULL}'::bool[], true = any('{f,t}'::bool[]), array_agg(x > 1) from (values (1), (2)) v(x);
-- the shape of SQLAlchemy 2.0's index reflection query (unnest/generate_subscripts over int2vector, array_agg)
create index arr_t_name_lower on arr_t (lower(name)) where id > 0;
create unique index arr_t_name_id on arr_t (name, id desc);
select cls_idx.relname as relname_index, i.indisunique, con.conrelid is not null as has_constraint, i.indoption,
       cls_idx.reloptions, am.amname,
       case when i.indpred is not null then pg_catalog.pg_get_expr(i.indpred, i.indrelid) end as filter_definition,
       i.indnkeyatts, idx_cols.elements, idx_cols.elements_is_expr
  from pg_catalog.pg_index i
  join pg_catalog.pg_class as cls_idx on i.indexrelid = cls_idx.oid
  join pg_catalog.pg_am am on cls_idx.relam = am.oid
  left outer join (
    select idx_attr.indexrelid as indexrelid, min(idx_attr.indrelid) as min_1,
           array_agg(idx_attr.element order by idx_attr.ord) as elements,
           array_agg(idx_attr.is_expr order by idx_attr.ord) as elements_is_expr
      from (select idx.indexrelid as indexrelid, idx.indrelid as indrelid, idx.ord as ord,
                   case when idx.attnum = 0 then pg_catalog.pg_get_indexdef(idx.indexrelid, idx.ord + 1, true)
                        else cast(a.attname as text) end as element,
                   idx.attnum = 0 as is_expr
              from (select x.indexrelid, x.indrelid, unnest(x.indkey) as attnum, generate_subscripts(x.indkey, 1) as ord
                      from pg_catalog.pg_index x
                     where not x.indisprimary and x.indrelid = 'arr_t'::regclass) as idx
              left outer join pg_catalog.pg_attribute a on a.attnum = idx.attnum and a.attrelid = idx.indrelid) as idx_attr
     group by idx_attr.indexrelid) as idx_cols on i.indexrelid = idx_cols.indexrelid
  left outer join pg_catalog.pg_constraint con on i.indrelid = con.conrelid and i.indexrelid = con.conindid
       and con.contype = any (array['p', 'u', 'x'])
 where i.indrelid = 'arr_t'::regclass and not i.indisprimary
 order by cls_idx.relname;
