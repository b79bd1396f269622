-- Runs after idle_timeout.sql (scripts run in name order): the insert of the
-- block that timed out was rolled back.
select count(*) as rows_left from idle_timeout_probe;
drop table idle_timeout_probe;
