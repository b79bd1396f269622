-- PostgreSQL's generated constraint and index names, made visible through errors.
create table gen (a integer, b integer, c text, d integer,
  primary key (a),
  unique (b, c),
  check (d > 0),
  check (a <> d));
insert into gen values (1, 1, 'x', 5);
insert into gen values (1, 2, 'y', 5);
insert into gen values (2, 1, 'x', 5);
insert into gen values (3, 3, 'z', -1);
insert into gen values (4, 4, 'w', 4);
create table gen_child (x integer, y integer, z integer references gen,
  foreign key (x, y) references gen_pair (p, q));
create table gen_pair (p integer, q integer, primary key (p, q));
create table gen_child (x integer, y integer, z integer references gen,
  foreign key (x, y) references gen_pair (p, q));
insert into gen_pair values (1, 1);
insert into gen_child values (1, 2, 1);
insert into gen_child values (1, 1, 9);
insert into gen_child values (1, 1, 1), (null, 5, 1);
select * from gen_child order by y;
create index on gen (c);
create index gen_c_idx on gen (d);
create index on gen (c);
create index gen_c_idx1 on gen (d);
create unique index on gen (d, c);
insert into gen values (6, 6, 'x', 5);
create index on gen ((b + d));
create index gen_expr_idx on gen (a);
create table "Quoted Name" ("Mixed Col" integer unique);
insert into "Quoted Name" values (1), (1);
create table long_names_table_for_testing_truncation_of_names (a_rather_long_column_name_too integer unique);
insert into long_names_table_for_testing_truncation_of_names values (1), (1);
create table named (a integer constraint a_positive check (a > 0) constraint a_unique unique);
insert into named values (0);
insert into named values (1), (1);
