-- INSERT forms: multi-row VALUES, column lists, DEFAULT, DEFAULT VALUES, INSERT ... SELECT, RETURNING.
create table item (
  id serial primary key,
  name text not null default 'unnamed',
  qty integer default 1,
  price numeric(6,2),
  tag varchar(5));
insert into item (name, qty, price) values ('bolt', 100, 0.10);
insert into item (name, qty, price) values ('nut', 200, 0.05), ('washer', default, 0.02), ('gear', 3, null);
insert into item default values;
insert into item (id, name) values (default, default);
insert into item values (default, 'screw', 50, 0.07, 'S');
insert into item (name) values ('spring') returning id, name, qty, price;
insert into item (name, qty) values ('cog', 5) returning *;
insert into item (name, qty) values ('pin', 2), ('rod', 1) returning id, qty * 10 as scaled, upper(name);
select * from item order by id;
create table item_copy (id integer, name text, total numeric);
insert into item_copy select id, name, qty * price from item where price is not null;
insert into item_copy (name) select name from item where id > 8 order by id;
insert into item_copy select 99, 'const', 1.5 returning *;
select * from item_copy order by id nulls last, name;
insert into item_copy (id, name) select g, 'gen' || g from generate_series(100, 102) g returning id, name;
insert into item (name, qty) values ('x', 1, 2);
insert into item (name, qty) values ('x');
insert into item (nosuch) values (1);
insert into item (name, name) values ('a', 'b');
insert into item (qty) values ('many');
insert into item (name, tag) values ('long tag', 'toolong');
insert into item (name, tag) values ('short tag', 'ok   ');
insert into item (name, qty) values ('cast', '42'), ('cast2', 7.6);
select id, name, qty, tag from item where id > 11 order by id;
insert into item (id, name) values (1, 'dup');
insert into item (name) values (null);
select count(*) from item;
insert into item (name, qty) values ('a', 1), ('b');
insert into item values (default, 'c'), (default, 'd', 1);
