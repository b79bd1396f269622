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
