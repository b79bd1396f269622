--@upsertdb-only
-- Beyond PostgreSQL (issue 4, "Conflict statistics"; docs/semantics.md): the
-- upsertdb_stat_conflicts view counts, per table and unique constraint or unique
-- index, how ON CONFLICT resolved conflicts and how many 23505 errors were raised.
-- The .out is maintained by hand.
create table receipt (id serial primary key, message_id int not null, user_id int not null,
  constraint receipt_message_user unique (message_id, user_id));
create unique index receipt_id_twice on receipt (id, message_id);
select upsertdb_stat_reset();
insert into receipt (message_id, user_id) values (1, 1), (1, 2);
insert into receipt (message_id, user_id) values (1, 1) on conflict on constraint receipt_message_user do nothing;
insert into receipt (message_id, user_id) values (1, 2), (1, 3) on conflict do nothing;
insert into receipt (message_id, user_id) values (1, 1) on conflict (message_id, user_id) do update set user_id = excluded.user_id;
insert into receipt (message_id, user_id) values (1, 1) on conflict (message_id, user_id) do update set user_id = 9 where false;
insert into receipt (message_id, user_id) values (1, 3);
select relname, constraint_name, conflicts_do_nothing, conflicts_do_update, conflicts_do_update_skipped,
  conflicts_do_select, violations, last_violation_at is not null as violated, last_violation_detail
from upsertdb_stat_conflicts order by relname, constraint_name;
select upsertdb_stat_reset();
select constraint_name, conflicts_do_nothing + conflicts_do_update + violations as total from upsertdb_stat_conflicts order by 1;
-- the view's columns and their types, exactly
select * from upsertdb_stat_conflicts where false;
-- DO SELECT hits, violations raised by UPDATE and by a deferred check at COMMIT
insert into receipt (message_id, user_id) values (1, 1), (2, 2) on conflict (message_id, user_id) do select returning user_id;
insert into receipt (message_id, user_id) values (1, 1) on conflict (message_id, user_id) do select for update returning user_id;
create table mark (t timestamptz);
insert into mark values (clock_timestamp());
update receipt set user_id = 2 where message_id = 1 and user_id = 3;
create table later (k int, constraint later_k unique (k) deferrable initially deferred);
begin;
insert into later values (1), (1);
commit;
-- last_violation_at is when the last 23505 was raised: after the mark, before this query
select relname, constraint_name, conflicts_do_nothing, conflicts_do_update, conflicts_do_update_skipped,
  conflicts_do_select, violations, last_violation_detail,
  last_violation_at between (select t from mark) and clock_timestamp() as since_mark
from upsertdb_stat_conflicts order by relname, constraint_name;
select (select last_violation_at from upsertdb_stat_conflicts where constraint_name = 'later_k')
     > (select last_violation_at from upsertdb_stat_conflicts where constraint_name = 'receipt_message_user')
  as commit_violation_is_later;
-- a dropped table's rows go; a new unique index appears with zero counts
drop table later;
create unique index receipt_user_message on receipt (user_id, message_id);
select relname, constraint_name, violations from upsertdb_stat_conflicts order by relname, constraint_name;
-- a user table of the same name hides the view
create table upsertdb_stat_conflicts (x int);
select * from upsertdb_stat_conflicts;
drop table upsertdb_stat_conflicts;
select count(*) from upsertdb_stat_conflicts;
