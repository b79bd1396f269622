"""psycopg 3 (Debian's python3-psycopg) against `upsertdb serve`.

    /usr/bin/python3 psycopg3_test.py PORT

psycopg 3 binds parameters on the server (extended protocol), prepares
statements it sees repeatedly, reads binary results on request and batches
statements in pipeline mode (several Syncs in flight). Prints one line per
check; exits non-zero when any check failed."""
import datetime
import decimal
import sys
import uuid

import psycopg
import psycopg.errors
from psycopg.types.json import Jsonb

from checks import check, finish

PORT = int(sys.argv[1])


conn = psycopg.connect(host="127.0.0.1", port=PORT, user="postgres", dbname="postgres", autocommit=True)
check("server_version is 15.x", conn.info.server_version // 10000, 15)
cur = conn.cursor()
cur.execute("create table typed (id bigint primary key, name text, amount numeric(10,2), at timestamptz,"
            " u uuid, ok boolean, f float8, d date, b bytea, j jsonb, small smallint, v varchar(5))")
row = (1, "it's", decimal.Decimal("-12.50"), datetime.datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=datetime.timezone.utc),
       uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), True, 1.5, datetime.date(2024, 2, 29), b"\x00\x01\xff",
       {"a": [1, 2, None]}, -3, "abc")
cur.execute("insert into typed values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) on conflict (id) do nothing",
            row[:9] + (Jsonb(row[9]),) + row[10:])
check("server-side bound insert", cur.rowcount, 1)

cur.execute("select * from typed where id = %s", (1,))
check("text results round-trip every type", cur.fetchone(), row)
binary = conn.cursor(binary=True)
binary.execute("select * from typed where id = %s", (1,))
check("binary results round-trip every type", binary.fetchone(), row)
binary.execute("select array[1, null, 3]::int4[], array['a', 'b c', null]::text[], '{}'::int8[], "
               "array[true, false], array[-2, 7]::int2[], '{9000000000}'::int8[]")
check("binary array results (array_send layout)", binary.fetchone(),
      ([1, None, 3], ["a", "b c", None], [], [True, False], [-2, 7], [9000000000]))
binary.execute("select %b::int8[], %b::text[], array_length(%b::int4[], 1)",
               ([1, None, 2**40], ["x", "y z"], [5, 6, 7]))
check("binary array parameters (array_recv layout)", binary.fetchone(), ([1, None, 2**40], ["x", "y z"], 3))

# Prepared: psycopg prepares a statement after prepare_threshold executions, or at once with prepare=True.
names = []
for i in range(8):
    cur.execute("insert into typed (id, name) values (%s, %s) on conflict (id) do update set name = excluded.name"
                " returning name", (2, "v%d" % i), prepare=True)
    names.append(cur.fetchone()[0])
check("prepared upsert, executed 8 times", names, ["v%d" % i for i in range(8)])
cur.execute("select count(*) from typed")
check("rows after upserts", cur.fetchone()[0], 2)

try:
    cur.execute("insert into typed (id) values (%s)", (1,))
    check("duplicate key raises", "no error", "UniqueViolation")
except psycopg.errors.UniqueViolation as e:
    check("duplicate key: sqlstate, constraint, detail",
          (e.sqlstate, e.diag.constraint_name, e.diag.table_name, e.diag.message_detail),
          ("23505", "typed_pkey", "typed", "Key (id)=(1) already exists."))

try:
    cur.execute("insert into typed (id, v) values (%s, %s)", (9, "toolong"))
except psycopg.errors.StringDataRightTruncation as e:
    check("varchar overflow: 22001 text", str(e).splitlines()[0], "value too long for type character varying(5)")

# Transactions: a failed block rolls back as a whole.
conn.autocommit = False
with conn.cursor() as c:
    c.execute("insert into typed (id) values (100)")
    conn.rollback()
    c.execute("select count(*) from typed where id = 100")
    check("rollback discards", c.fetchone()[0], 0)
    try:
        with conn.transaction():
            c.execute("insert into typed (id) values (101)")
            c.execute("insert into typed (id) values (101)")
    except psycopg.errors.UniqueViolation:
        pass
    c.execute("select count(*) from typed where id = 101")
    check("failed transaction block leaves nothing", c.fetchone()[0], 0)
    conn.commit()
conn.autocommit = True

cur.executemany("insert into typed (id, name) values (%s, %s)", [(10, "a"), (11, "b"), (12, "c")])
cur.execute("select string_agg(name, ',' order by id) from typed where id between 10 and 12")
check("executemany", cur.fetchone()[0], "a,b,c")

# Pipeline mode: many statements and Syncs in flight before any result is read.
with conn.pipeline():
    for i in range(50):
        cur.execute("insert into typed (id, name) values (%s, %s) on conflict (id) do update set name = excluded.name",
                    (1000 + i % 10, "p%d" % i))
cur.execute("select count(*), string_agg(name, ',' order by id) from typed where id >= 1000")
check("pipeline: 50 upserts over 10 keys", cur.fetchone(),
      (10, ",".join("p%d" % (40 + i) for i in range(10))))

with cur.copy("copy typed (id, name) from stdin") as copy:
    for i in range(3):
        copy.write_row((200 + i, "copied %d" % i))
cur.execute("select count(*) from typed where id >= 200 and id < 300")
check("COPY FROM STDIN (write_row)", cur.fetchone()[0], 3)
with cur.copy("copy (select id, name from typed where id >= 200 and id < 300 order by id) to stdout") as copy:
    got = [tuple(r) for r in copy.rows()]
check("COPY TO STDOUT (rows)", got, [("200", "copied 0"), ("201", "copied 1"), ("202", "copied 2")])

conn.close()
finish("psycopg3")
