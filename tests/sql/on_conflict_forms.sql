-- ON CONFLICT odds and ends: a deferrable unique index cannot arbitrate (55000, with
-- or without a target), and multi-column SET from a sub-SELECT in DO UPDATE and UPDATE.
create table dz (a int unique deferrable, b int);
insert into dz values (1,1) on conflict (a) do nothing;
insert into dz values (1,1) on conflict do nothing;
create table mz (a int primary key, b int, c int);
insert into mz values (1,2,3) on conflict (a) do update set (b, c) = (select 10, 20);
insert into mz values (1,2,3) on conflict (a) do update set (b, c) = (select 10, 20, 30);
insert into mz values (1,2,3) on conflict (a) do update set (b, c) = (select excluded.c, mz.b + 100) returning *;
update mz set (b, c) = (select c, b) returning *;
update mz set (b, c) = (1, 2, 3);
