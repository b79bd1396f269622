-- SCENARIOS.md #2: a response cache shared by many pods, keyed by the request text.
create table response_cache (
  id text primary key,
  data text not null,
  hits integer not null default 0,
  fetched_at timestamp default '2024-03-01 12:00:00');
insert into response_cache (id, data) values ('GET /weather?city=Oslo', '{"temp": 3}');
-- the double click: the second pod inserts the same key
insert into response_cache (id, data) values ('GET /weather?city=Oslo', '{"temp": 4}');
insert into response_cache (id, data) values ('GET /weather?city=Bergen', '{"temp": 7}'),
                                             ('GET /weather?city=oslo', '{"temp": 3}');
select id, data, hits, fetched_at from response_cache order by id;
select data from response_cache where id = 'GET /weather?city=Oslo';
select data from response_cache where id = 'GET /weather?city=Paris';
update response_cache set hits = hits + 1 where id = 'GET /weather?city=Oslo' returning id, hits;
update response_cache set hits = hits + 1, data = '{"temp": 5}' where id like '%Oslo' returning hits, data;
insert into response_cache (id, data) values ('', 'empty key');
insert into response_cache (id, data) values (null, 'null key');
insert into response_cache (id) values ('no data');
--@sort
delete from response_cache where id like 'GET /weather?city=%' and hits = 0 returning id;
select id, hits from response_cache order by id;
select count(*), sum(hits), max(length(id)) from response_cache;

-- the fix, as SQLAlchemy's insert(...).on_conflict_do_nothing(index_elements=['id']) renders it
insert into response_cache (id, data) values ('GET /weather?city=Oslo', '{"temp": 9}') on conflict (id) do nothing;
insert into response_cache (id, data) values ('GET /weather?city=Rome', '{"temp": 18}') on conflict (id) do nothing;
insert into response_cache (id, data) values ('GET /weather?city=Rome', '{"temp": 19}') on conflict (id) do nothing;
-- two pods in one multi-row statement: the first proposal stays
insert into response_cache (id, data) values ('GET /weather?city=Lima', 'pod-1'), ('GET /weather?city=Lima', 'pod-2')
  on conflict (id) do nothing returning id, data;
-- on_conflict_do_update(index_elements=['id'], set_=dict(data=stmt.excluded.data))
insert into response_cache (id, data) values ('GET /weather?city=Rome', '{"temp": 20}')
  on conflict (id) do update set data = excluded.data, hits = response_cache.hits + 1 returning id, data, hits;
insert into response_cache (id, data) values ('GET /weather?city=Oslo', '{"temp": 9}') on conflict (data) do nothing;
select id, data, hits from response_cache order by id;
