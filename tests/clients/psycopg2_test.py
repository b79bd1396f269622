"""psycopg2 (libpq, client-side parameter interpolation) against `upsertdb serve`.

    /usr/bin/python3 psycopg2_test.py PORT

Exercises what applications do with it: connect, DDL, parameterized upserts,
executemany, typed results, transactions and rollback, and the error fields
drivers expose (pgcode, diag.constraint_name). Prints one line per check and
exits non-zero when any check failed."""
import datetime
import decimal
import sys

import psycopg2
import psycopg2.errors

from checks import check, finish

PORT = int(sys.argv[1])


conn = psycopg2.connect(host="127.0.0.1", port=PORT, user="postgres", dbname="postgres")
check("server_version is 15.x", conn.server_version // 10000, 15)
cur = conn.cursor()
cur.execute("create table receipt (message_id int, user_id int, read_at timestamptz default now(),"
            " amount numeric(10,2), note text, primary key (message_id, user_id))")
conn.commit()

cur.execute("insert into receipt (message_id, user_id, amount, note) values (%s, %s, %s, %s)"
            " on conflict do nothing", (1, 1, decimal.Decimal("12.50"), "it's quoted"))
check("insert rowcount", cur.rowcount, 1)
cur.execute("insert into receipt (message_id, user_id) values (%s, %s) on conflict do nothing", (1, 1))
check("conflicting insert does nothing", cur.rowcount, 0)
cur.executemany("insert into receipt (message_id, user_id, amount) values (%s, %s, %s)"
                " on conflict (message_id, user_id) do update set amount = excluded.amount",
                [(1, 1, 3), (1, 2, 4), (2, 1, None)])
conn.commit()

cur.execute("select message_id, user_id, amount, note, read_at from receipt order by 1, 2")
rows = cur.fetchall()
check("row count", len(rows), 3)
check("numeric comes back as Decimal", rows[0][2], decimal.Decimal("3.00"))
check("text round-trips", rows[0][3], "it's quoted")
check("NULL is None", rows[2][2], None)
check("timestamptz is an aware datetime", isinstance(rows[0][4], datetime.datetime) and rows[0][4].tzinfo is not None, True)
check("column names", [d.name for d in cur.description], ["message_id", "user_id", "amount", "note", "read_at"])

try:
    cur.execute("insert into receipt (message_id, user_id) values (%s, %s)", (1, 1))
    check("duplicate raises", False, True)
except psycopg2.errors.UniqueViolation as e:
    check("pgcode", e.pgcode, "23505")
    check("constraint name", e.diag.constraint_name, "receipt_pkey")
    check("detail", e.diag.message_detail, "Key (message_id, user_id)=(1, 1) already exists.")
conn.rollback()

cur.execute("insert into receipt (message_id, user_id) values (9, 9)")
conn.rollback()
cur.execute("select count(*) from receipt where message_id = 9")
check("rollback discards", cur.fetchone()[0], 0)

conn.rollback()
conn.autocommit = True
cur.execute("select %s::int + 1, %s, %s::date", (41, None, datetime.date(2026, 11, 23)))
check("parameters of several types", cur.fetchone(), (42, None, datetime.date(2026, 11, 23)))
try:
    cur.execute("select 1/0")
except psycopg2.errors.DivisionByZero as e:
    check("division by zero code", e.pgcode, "22012")
cur.execute("select 'still fine'")
check("connection usable after an error", cur.fetchone()[0], "still fine")
conn.close()
finish("psycopg2")
