-- Notices and warnings keep PostgreSQL's severity and SQLSTATE.
\set VERBOSITY verbose
create table nn (a int);
create table if not exists nn (a int);
alter table nn add column if not exists a int;
create index if not exists nn_i on nn(a);
create index if not exists nn_i on nn(a);
create sequence if not exists nn_s;
create sequence if not exists nn_s;
set constraints all deferred;
alter table if exists nosuch add column b int;
drop table nn;
drop sequence nn_s;
set client_min_messages = warning;
drop table if exists hidden_notice;
begin;
begin;
rollback;
set client_min_messages = error;
rollback;
reset client_min_messages;
rollback;
