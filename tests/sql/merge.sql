create table stock (item text primary key, qty int not null default 0, note text);
insert into stock values ('a', 5, null), ('b', 0, null), ('c', 2, null);
create table delta (item text, d int);
insert into delta values ('a', 3), ('b', -0), ('d', 7), ('c', -2);
merge into stock s using delta x on s.item = x.item
  when matched and s.qty + x.d = 0 then delete
  when matched then update set qty = s.qty + x.d, note = 'upd'
  when not matched then insert (item, qty) values (x.item, x.d);
select * from stock order by item;
merge into stock s using (select 'e' as item, 1 as d) x on s.item = x.item when not matched then insert values (x.item, x.d, 'new');
merge into stock s using (values ('a'), ('a')) x(item) on s.item = x.item when matched then update set qty = 0;
merge into stock s using delta x on s.item = x.item when matched then do nothing when not matched and x.d > 100 then insert default values;
select * from stock order by item;
merge into stock t using delta t on t.item = t.item when matched then delete;
