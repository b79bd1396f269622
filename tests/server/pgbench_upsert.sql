\set id random(1, 100)
insert into counters (id, n) values (:id, 1) on conflict (id) do update set n = counters.n + 1;
select n from counters where id = :id;
