-- idle_in_transaction_session_timeout: a session idle inside a transaction
-- block is ended with FATAL 25P03 and its transaction rolled back (the table
-- is created outside the block, the row inside it must be gone: checked by the
-- next script, which runs on a new connection).
\set VERBOSITY verbose
create table idle_timeout_probe (id int primary key);
set idle_in_transaction_session_timeout = '5s';
show idle_in_transaction_session_timeout;
set idle_in_transaction_session_timeout = 200;
-- Outside a transaction block the timer does not run.
\! sleep 0.5
select 'still connected' as outside_block;
begin;
insert into idle_timeout_probe values (1);
\! sleep 0.8
select 'not reached' as inside_block;
