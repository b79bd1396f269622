"""psycopg2's COPY API (copy_expert, copy_from, copy_to) against a server.

    /usr/bin/python3 psycopg2_copy_test.py PORT [HOST]

The expected strings are what PostgreSQL 15 produces for the same calls
(run this script against it with HOST = its socket directory to check).
Prints one line per check; exits non-zero when any check failed."""
import io
import sys

import psycopg2
import psycopg2.errors

from checks import check, finish

PORT = int(sys.argv[1])
HOST = sys.argv[2] if len(sys.argv) > 2 else "127.0.0.1"


conn = psycopg2.connect(host=HOST, port=PORT, user="postgres", dbname="postgres")
cur = conn.cursor()
cur.execute("drop table if exists pc_items")
cur.execute("create table pc_items (id serial primary key, name text not null, price numeric(8,2), "
            "tags text, seen timestamp)")
conn.commit()

# COPY FROM STDIN from a file-like object, csv with a header and quoted newlines.
data = io.StringIO('name,price,tags,seen\n'
                   'widget,1.50,"a,b",2024-01-02 03:04:05\n'
                   '"multi\nline",,"",\n'
                   'tab\there,-2,x\\y,\n')
cur.copy_expert("copy pc_items (name, price, tags, seen) from stdin with (format csv, header)", data)
check("copy_expert from: rowcount", cur.rowcount, 3)
conn.commit()

out = io.StringIO()
cur.copy_expert("copy pc_items to stdout", out)
check("copy_expert to: text", out.getvalue(),
      "1\twidget\t1.50\ta,b\t2024-01-02 03:04:05\n"
      "2\tmulti\\nline\t\\N\t\t\\N\n"
      "3\ttab\\there\t-2.00\tx\\\\y\t\\N\n")

out = io.StringIO()
cur.copy_expert("copy (select id, name, price from pc_items order by id desc) to stdout "
                "with (format csv, header, force_quote (name))", out)
check("copy_expert to: csv", out.getvalue(),
      'id,name,price\n3,"tab\there",-2.00\n2,"multi\nline",\n1,"widget",1.50\n')

# copy_from / copy_to: psycopg2's text-format helpers.
cur.copy_from(io.StringIO("more\t9.99\nnull-price\t\\N\n"), "pc_items", columns=("name", "price"))
check("copy_from: rowcount", cur.rowcount, 2)
out = io.StringIO()
cur.copy_to(out, "pc_items", sep="|", null="NULL", columns=("id", "name", "price"))
check("copy_to", out.getvalue().splitlines()[-2:], ["4|more|9.99", "5|null-price|NULL"])
conn.commit()

# Errors: the SQLSTATE reaches the driver; the transaction is aborted and rolled back.
try:
    cur.copy_expert("copy pc_items (name, price) from stdin", io.StringIO("ok\t1\nbad\tx\n"))
    check("bad data raises", "no error", "22P02")
except psycopg2.Error as e:
    check("bad data raises 22P02", e.pgcode, "22P02")
    check("bad data message", e.pgerror.splitlines()[0],
          'ERROR:  invalid input syntax for type numeric: "x"')
conn.rollback()
try:
    cur.copy_expert("copy pc_items (name) from stdin", io.StringIO("fine\n\\N\n"))
    check("NOT NULL raises", "no error", "23502")
except psycopg2.Error as e:
    check("NOT NULL raises 23502", e.pgcode, "23502")
    check("NOT NULL column", e.diag.column_name, "name")
conn.rollback()
cur.execute("select count(*) from pc_items")
check("failed COPYs left nothing behind", cur.fetchone()[0], 5)

# Several thousand rows through one COPY, read back.
rows = "".join("bulk-%d\t%d.%02d\n" % (i, i, i % 100) for i in range(20000))
cur.copy_expert("copy pc_items (name, price) from stdin", io.StringIO(rows))
check("bulk rowcount", cur.rowcount, 20000)
cur.execute("select count(*), sum(price) from pc_items where name like 'bulk-%'")
check("bulk contents", [str(v) for v in cur.fetchone()], ["20000", "199999900.00"])
conn.commit()

cur.execute("drop table pc_items")
conn.commit()
conn.close()
finish()
