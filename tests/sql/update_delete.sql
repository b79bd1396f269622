-- UPDATE (incl. FROM, RETURNING) and DELETE (incl. USING, RETURNING).
create table acct (id integer primary key, owner text, balance numeric(10,2) not null default 0);
create table xfer (acct_id integer, delta numeric(10,2));
insert into acct values (1, 'ann', 100), (2, 'ben', 50), (3, 'cat', 0), (4, 'dan', 10);
insert into xfer values (1, -20), (2, 20), (4, 5);
update acct set balance = balance + 1;
select * from acct order by id;
update acct set balance = balance * 2, owner = upper(owner) where id = 1 returning id, owner, balance;
update acct set balance = acct.balance + x.delta from xfer x where x.acct_id = acct.id;
select id, balance from acct order by id;
--@sort
update acct a set owner = a.owner || '!' from xfer x where x.acct_id = a.id and x.delta > 0 returning a.id, a.owner, x.delta;
update acct set balance = 0 where false;
update acct set balance = balance where id = 3;
update acct set id = id + 10 where id = 4 returning id;
update acct set balance = null where id = 1;
update acct set nosuch = 1;
update acct set balance = 'lots';
update acct set id = 2 where id = 1;
select * from acct order by id;
delete from acct where id = 14 returning *;
delete from acct a using xfer x where x.acct_id = a.id and x.delta < 0 returning a.id, a.owner;
select id, owner from acct order by id;
delete from acct where owner like 'nobody%';
delete from xfer;
select count(*) from xfer;
--@sort
delete from acct returning id;
select count(*) from acct;
update acct set balance = 1 returning nosuch;
