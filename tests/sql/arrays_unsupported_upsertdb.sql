--@upsertdb-only
-- Array forms UpsertDB does not support give a clean 0A000 (PostgreSQL accepts
-- them: array columns, numeric/other element types, multidimensional arrays,
-- array concatenation, slices). The .out is maintained by hand.
create table arr_bad (a int[]);
select array[1.5, 2];
select array[array[1]];
select '{{1},{2}}'::int[];
select array[1] || 2;
select '{a}'::text[] || 'b';
select (array[1, 2])[1:2];
select '{1.5}'::numeric[];
