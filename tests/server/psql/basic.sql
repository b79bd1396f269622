-- Tables, upserts, queries, errors with their SQLSTATE, notices.
\set VERBOSITY verbose
create table users (id int primary key, email text not null unique, visits int default 0);
insert into users values (1, 'a@x', 1), (2, 'b@x', 1);
insert into users values (1, 'a@x', 1) on conflict (id) do update set visits = users.visits + excluded.visits returning *;
insert into users values (3, 'a@x', 0);
insert into users (id, email) values (3, 'c@x') on conflict do nothing;
insert into users (id, email) values (4, null);
select * from users order by id;
select null::int as n, 1.50::numeric(4,2) as price, 'x'::varchar(3) as v, true as b, '2024-01-02'::date as d;
drop table if exists nothing_here;
\set VERBOSITY default
select nosuch from users;
select 1 as a; select 2 as b;
