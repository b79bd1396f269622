-- Date and timestamp arithmetic and functions (no clock-dependent values).
select date '2024-01-31' + 1, date '2024-03-01' - 1, date '2024-03-01' - date '2024-01-01';
select date '2024-01-31' + interval '1 month', timestamp '2024-01-01 10:00' + interval '90 minutes';
select timestamp '2024-01-01 00:00' - timestamp '2023-12-25 12:30', date '2024-01-01' - interval '1 day';
select extract(year from date '2024-02-29'), extract(month from timestamp '2024-02-29 13:14:15'),
       extract(day from date '2024-02-29'), extract(hour from timestamp '2024-02-29 13:14:15');
select extract(dow from date '2024-01-01'), extract(doy from date '2024-12-31'), extract(epoch from timestamp '2024-01-01');
select date_part('minute', timestamp '2024-02-29 13:14:15'), date_part('year', date '1999-12-31');
select date_trunc('month', timestamp '2024-02-29 13:14:15'), date_trunc('hour', timestamp '2024-02-29 13:14:15'),
       date_trunc('year', timestamp '2024-02-29 13:14:15');
select make_date(2024, 2, 29), make_timestamp(2024, 2, 29, 1, 2, 3.5);
select to_char(timestamp '2024-02-09 08:05:03', 'YYYY-MM-DD HH24:MI:SS'), to_char(date '2024-02-09', 'DD Mon YYYY');
select to_date('2024-03-15', 'YYYY-MM-DD'), to_timestamp('2024-03-15 10:20', 'YYYY-MM-DD HH24:MI')::timestamp;
select age(timestamp '2024-03-15', timestamp '2023-01-01'), interval '1 day 2 hours' * 2, interval '36 hours';
select '2024-01-01'::date < '2024-01-02'::date, '2024-01-01 00:00'::timestamp = '2024-01-01'::date;
select timestamp '2024-06-30 23:59:59.999999', timestamp '2024-06-30 23:59:59.9999999';
select '1999-01-08'::date, 'January 8, 1999'::date, '20240229'::date;
select date '2024-02-30';
select timestamp '2024-01-01 25:00';
select extract(century from date '2024-01-01'), extract(quarter from date '2024-05-01'), extract(week from date '2024-01-01');
create table events (id integer primary key, at timestamp not null, day date);
insert into events values (1, '2024-01-15 09:00', '2024-01-15'), (2, '2024-01-15 17:30', '2024-01-15'),
  (3, '2024-02-01 08:00', '2024-02-01'), (4, '2023-12-31 23:59:59', '2023-12-31');
select date_trunc('month', at) as m, count(*) from events group by 1 order by 1;
select id from events where at >= '2024-01-01' and at < '2024-02-01' order by id;
select id, at + interval '1 day' as next_day, day - 7 as week_before from events order by id;
select max(at) - min(at) from events;
select id from events where day = '2024-01-15' order by at desc;
