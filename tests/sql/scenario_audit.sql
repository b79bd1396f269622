-- SCENARIOS.md #4: Hibernate Envers history table created with the wrong primary key.
create table customer_aud (
  id bigint not null,
  rev integer not null,
  revtype smallint,
  name varchar(255),
  email varchar(255),
  primary key (id));
insert into customer_aud (id, rev, revtype, name, email) values (8, 1, 0, 'Ann', 'ann@example.com');
-- the second change to entity 8 fails: the key should have been (id, rev)
--@error-fields
insert into customer_aud (id, rev, revtype, name, email) values (8, 2, 1, 'Ann B', 'ann@example.com');
insert into customer_aud (id, rev, revtype, name, email) values (9, 2, 0, 'Bob', null);
select * from customer_aud order by id, rev;

-- the fix, applied to the live table: every row stays
alter table customer_aud drop constraint customer_aud_pkey, add primary key (id, rev);
select id, rev, revtype, name from customer_aud order by id, rev;
insert into customer_aud (id, rev, revtype, name, email) values (8, 2, 1, 'Ann B', 'ann@example.com');
insert into customer_aud (id, rev, revtype, name, email) values (8, 3, 2, null, null);
-- the same revision twice is still a mistake
insert into customer_aud (id, rev, revtype, name) values (8, 2, 1, 'again');
insert into customer_aud (id, rev, revtype) values (null, 4, 0);
select id, rev, revtype, name, email from customer_aud order by id, rev;
-- latest revision per entity
select a.id, a.rev, a.revtype from customer_aud a
where a.rev = (select max(b.rev) from customer_aud b where b.id = a.id)
order by a.id;
select revtype, count(*) from customer_aud group by revtype order by revtype;

-- going back to the one-column key fails on the rows that now collide
alter table customer_aud drop constraint customer_aud_pkey;
alter table customer_aud add primary key (id);
select count(*) from customer_aud;
alter table customer_aud add constraint customer_aud_pkey primary key (id, rev);
alter table customer_aud add primary key (rev);
