-- SCENARIOS.md #1: read receipts from two devices, with a named UNIQUE constraint.
create table read_receipt (
  id bigserial primary key,
  message_id bigint not null,
  user_id bigint not null,
  read_at timestamp not null default '2024-01-01 00:00:00',
  constraint read_receipt_message_user_key unique (message_id, user_id));
insert into read_receipt (message_id, user_id) values (100, 7);
-- the phone checked, the laptop checked, both insert
insert into read_receipt (message_id, user_id) values (100, 8);
insert into read_receipt (message_id, user_id) values (100, 7);
insert into read_receipt (message_id, user_id, read_at) values (101, 7, '2024-01-02 10:30:00');
select id, message_id, user_id, read_at from read_receipt order by id;
-- a failed insert still consumed its sequence value
insert into read_receipt (message_id, user_id) values (102, 7) returning id, message_id, user_id;
-- check-then-insert done in SQL
select exists (select 1 from read_receipt where message_id = 100 and user_id = 7) as already_read;
insert into read_receipt (message_id, user_id)
  select 103, 7 where not exists (select 1 from read_receipt where message_id = 103 and user_id = 7);
insert into read_receipt (message_id, user_id)
  select 103, 7 where not exists (select 1 from read_receipt where message_id = 103 and user_id = 7);
select message_id, count(*) as readers from read_receipt group by message_id order by message_id;
-- the named constraint goes and comes back
alter table read_receipt drop constraint read_receipt_message_user_key;
insert into read_receipt (message_id, user_id) values (100, 7);
select count(*) from read_receipt where message_id = 100 and user_id = 7;
alter table read_receipt add constraint read_receipt_message_user_key unique (message_id, user_id);
delete from read_receipt where id = (select max(id) from read_receipt);
alter table read_receipt add constraint read_receipt_message_user_key unique (message_id, user_id);
insert into read_receipt (message_id, user_id) values (100, 7);
alter table read_receipt drop constraint no_such_constraint;

-- the fix: the named constraint arbitrates and the second device's insert does nothing
insert into read_receipt (message_id, user_id) values (200, 7)
  on conflict on constraint read_receipt_message_user_key do nothing;
insert into read_receipt (message_id, user_id) values (200, 7)
  on conflict on constraint read_receipt_message_user_key do nothing;
insert into read_receipt (message_id, user_id) values (200, 7), (200, 8), (200, 7)
  on conflict on constraint read_receipt_message_user_key do nothing returning message_id, user_id;
-- the same with a column list (in either order), and keeping the earliest read time
insert into read_receipt (message_id, user_id, read_at) values (200, 8, '2024-01-05 09:00:00')
  on conflict (user_id, message_id) do update set read_at = least(read_receipt.read_at, excluded.read_at)
  returning message_id, user_id, read_at;
insert into read_receipt (message_id, user_id, read_at) values (200, 8, '2023-12-31 23:00:00')
  on conflict (message_id, user_id) do update set read_at = least(read_receipt.read_at, excluded.read_at)
  returning message_id, user_id, read_at;
insert into read_receipt (message_id, user_id) values (200, 7)
  on conflict on constraint read_receipt_pkey do nothing;
insert into read_receipt (message_id, user_id) values (200, 7)
  on conflict on constraint no_such_key do nothing;
-- receipts only for live (not archived) messages: a partial unique index with WHERE
create table chat_receipt (message_id bigint not null, user_id bigint not null,
  archived boolean not null default false, device text);
create unique index chat_receipt_live on chat_receipt (message_id, user_id) where not archived;
insert into chat_receipt values (1, 7, false, 'phone');
insert into chat_receipt values (1, 7, false, 'laptop')
  on conflict (message_id, user_id) where not archived do nothing;
insert into chat_receipt values (1, 7, false, 'laptop')
  on conflict (message_id, user_id) where not archived do update set device = excluded.device
  returning message_id, user_id, device;
insert into chat_receipt values (1, 7, false, 'tablet') on conflict (message_id, user_id) do nothing;
insert into chat_receipt values (1, 7, true, 'old') on conflict (message_id, user_id) where not archived do nothing;
select message_id, user_id, archived, device from chat_receipt order by archived, device;
select message_id, user_id from read_receipt where message_id = 200 order by user_id;
