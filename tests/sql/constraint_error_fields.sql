-- The error fields a driver reads (psycopg2's e.diag, PgJDBC's ServerErrorMessage,
-- node-postgres's err.table ...) for every constraint violation of issue 4: schema,
-- table, column and constraint name as PostgreSQL 15 sets them, in both directions
-- of a foreign key, for deferred checks at COMMIT, and for ON CONFLICT's own errors.
create table p (id int primary key, code text unique, n int not null default 0 check (n >= 0), v varchar(3));
create table c (id int primary key, pid int references p on delete restrict, constraint c_small check (id < 100));
create table dfr (k int, constraint dfr_k unique (k) deferrable initially deferred);
create table fkd (id int references p deferrable initially deferred);
insert into p values (1, 'a'), (2, 'b');
insert into c values (1, 1);
--@error-fields
insert into p values (1, 'x');
--@error-fields
insert into p values (3, 'a');
--@error-fields
update p set code = 'a' where id = 2;
--@error-fields
insert into p (id, n) values (4, null);
--@error-fields
update p set n = null where id = 1;
--@error-fields
insert into p (id, n) values (5, -1);
--@error-fields
insert into c values (100, 1);
--@error-fields
insert into p (id, v) values (6, 'abcd');
--@error-fields
insert into c values (2, 9);
--@error-fields
update c set pid = 9 where id = 1;
--@error-fields
delete from p where id = 1;
--@error-fields
update p set id = 10 where id = 1;
--@error-fields
insert into p values (1, 'a') on conflict (id) do update set code = 'b';
--@error-fields
insert into p values (7, 'z'), (7, 'y') on conflict (id) do update set code = excluded.code;
--@error-fields
insert into p values (1, 'a') on conflict (n) do nothing;
--@error-fields
insert into p values (1, 'a') on conflict on constraint nosuch do nothing;
--@error-fields
insert into dfr values (1) on conflict (k) do nothing;
--@error-fields
insert into p (nosuch) values (1);
begin;
insert into dfr values (1), (1);
--@error-fields
commit;
begin;
insert into fkd values (42);
--@error-fields
commit;
begin;
insert into dfr values (2), (2);
--@error-fields
set constraints dfr_k immediate;
rollback;
select count(*) from dfr;
select count(*) from fkd;
