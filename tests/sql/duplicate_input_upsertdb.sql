--@upsertdb-only
-- Beyond PostgreSQL (issue 4, "Duplicate proposals, opt-in"; docs/semantics.md):
-- with upsertdb.duplicate_input = 'last_wins', duplicate keys within one upsert are
-- applied in input order, each later proposal seeing the earlier one's result. The
-- default 'error' is PostgreSQL's behaviour (21000). The .out is maintained by hand.
create table counter (k text primary key, n int not null, last text);
show upsertdb.duplicate_input;
insert into counter values ('a', 1, 'x'), ('a', 1, 'y') on conflict (k) do update set n = counter.n + excluded.n, last = excluded.last;
set upsertdb.duplicate_input = 'last_wins';
insert into counter values ('a', 1, 'x'), ('a', 1, 'y'), ('b', 5, 'z'), ('a', 1, 'w') on conflict (k) do update set n = counter.n + excluded.n, last = excluded.last returning k, n, last;
select * from counter order by k;
insert into counter values ('c', 1, 'p'), ('c', 2, 'q') on conflict (k) do nothing;
select * from counter order by k;
set upsertdb.duplicate_input = 'sometimes';
reset upsertdb.duplicate_input;
insert into counter values ('d', 1, 'x'), ('d', 1, 'y') on conflict (k) do update set n = 0;
