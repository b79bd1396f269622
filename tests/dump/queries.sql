-- Run by tests/dump/dump_test.sh, through psql, on the original UpsertDB
-- database, on its dump loaded into PostgreSQL 15 and on the dump loaded into
-- a fresh UpsertDB: the three outputs must be identical.
\pset null '(null)'
select * from read_receipts order by message_id, user_id;
select * from response_cache order by id;
select * from room order by seq;
select * from room_new_data order by room_seq;
select * from customer_aud order by id, rev;
select * from label order by id;
select * from "Mixed Case" order by id;
select id, "select" = E'new\nline and back\\slash and \r cr' as exact, length(b) as blen, n::text, big::text, f8::text from "Mixed Case" order by id;
select * from deleted_by_default order by id;
select last_value, is_called from dbd_ids;
select * from accounts order by id;
select * from orders order by id;
select count(*) from no_columns;

-- sequences continue where they were
select nextval('room_seq_seq') as room, nextval('accounts_id_seq') as accounts, nextval('orders_id_seq') as orders;
select nextval('ticket_seq'), nextval('ticket_seq'), nextval('"Unused Seq"');
insert into "Mixed Case" ("select") values ('next') returning id, v, i2;
insert into deleted_by_default (note) values ('next') returning id;
select nextval('label_extra_seq');
insert into read_receipts (message_id, user_id) values (3, 3) returning message_id, read_at is not null as has_default;

-- constraints are all there
insert into read_receipts values (1, 10, 'again', now());
insert into response_cache (id) values ('existing_id');
insert into room_new_data values (99, 'no', 'room');
insert into customer_aud values (8, 3, 1, 'dup');
insert into customer_aud values (9, 1, 5, 'bad revtype');
insert into "Mixed Case" (id) values (1);
insert into accounts (email, region, code) values ('ANN@example.com', 'xx', 10);
insert into accounts (email, deleted_at, region, code) values ('ANN@example.com', '2024-05-05', 'xx', 11) returning id;
insert into accounts (email, region, code) values ('z@example.com', null, null);
insert into accounts (email, region, code) values ('z@example.com', 'eu', 1);
insert into accounts (email, code) values ('neg@example.com', -1);
update accounts set balance = -1 where id = 1;
insert into orders (account_id, region, code) values (1, 'eu', null);
insert into orders (account_id, qty) values (1, 0);
update accounts set id = 100 where id = 1;
-- deferred: the swap succeeds, a duplicate fails at commit
begin;
update label set name = 'tmp' where id = 1;
update label set name = 'blog' where id = 2;
update label set name = 'universe' where id = 1;
commit;
begin;
update label set name = 'blog' where id = 1;
commit;
begin;
insert into orders (label_id) values (42);
commit;
-- actions: cascade and set null
delete from accounts where id = 2;
delete from label where id = 2;
select id, account_id, label_id from orders order by id;
select * from label order by id;
