"""SQLAlchemy 1.4 Core (Debian's python3-sqlalchemy, psycopg2 driver) against `upsertdb serve`.

    /usr/bin/python3 sqlalchemy_test.py PORT

Incident 2 of SCENARIOS.md through the PostgreSQL dialect: `create_all`, the
insert(...).on_conflict_do_nothing(index_elements=['id']) statement verbatim,
8 "pods" (threads on a connection pool) filling the same cache keys at once
with zero errors, on_conflict_do_update with excluded, and has_table. Prints
one line per check; exits non-zero when any check failed."""
import sys
import threading

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, create_engine, func, inspect, select
from sqlalchemy.dialects.postgresql import insert

from checks import check, finish

PORT = int(sys.argv[1])


engine = create_engine("postgresql+psycopg2://postgres@127.0.0.1:%d/postgres" % PORT, pool_size=8, max_overflow=0)
metadata = MetaData()
my_table = Table("my_table", metadata, Column("id", String, primary_key=True), Column("data", Text))
counters = Table("counters", metadata, Column("name", String(40), primary_key=True),
                 Column("hits", Integer, nullable=False))
metadata.create_all(engine)
check("create_all made the tables", sorted(n for n in ("my_table", "counters") if inspect(engine).has_table(n)),
      ["counters", "my_table"])
metadata.create_all(engine)   # second time: has_table sees them, nothing is created
check("create_all is idempotent", inspect(engine).has_table("my_table"), True)

# Verbatim from SCENARIOS.md #2.
with engine.begin() as conn:
    stmt = insert(my_table).values(id='existing_id', data='some_value')
    stmt = stmt.on_conflict_do_nothing(index_elements=['id'])
    first = conn.execute(stmt).rowcount
    second = conn.execute(stmt).rowcount
check("on_conflict_do_nothing: inserted, then nothing", (first, second), (1, 0))

errors = []
barrier = threading.Barrier(8)


def pod(i):
    try:
        barrier.wait()
        for k in range(60):
            with engine.begin() as conn:
                key = "request-%d" % k
                hit = conn.execute(select(my_table.c.data).where(my_table.c.id == key)).first()
                if hit is None:   # both pods miss the cache and both insert
                    conn.execute(insert(my_table).values(id=key, data="pod-%d" % i)
                                 .on_conflict_do_nothing(index_elements=['id']))
                conn.execute(insert(counters).values(name="requests", hits=1).on_conflict_do_update(
                    index_elements=[counters.c.name], set_=dict(hits=counters.c.hits + 1)))
    except Exception as e:
        errors.append(repr(e)[:300])


threads = [threading.Thread(target=pod, args=(i,)) for i in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
check("8 pods at once: no errors", errors[:2], [])
with engine.connect() as conn:
    rows = conn.execute(select(my_table.c.id, my_table.c.data)).all()
    check("exactly one cache row per request", sorted(r.id for r in rows),
          sorted(["existing_id"] + ["request-%d" % k for k in range(60)]))
    check("every cached value came from one pod",
          [r for r in rows if r.id != "existing_id" and r.data not in ["pod-%d" % i for i in range(8)]], [])
    check("on_conflict_do_update with the target's column: no hit lost",
          conn.execute(select(counters.c.hits).where(counters.c.name == "requests")).scalar(), 8 * 60)
upd = insert(my_table).values(id='existing_id', data='newer')
upd = upd.on_conflict_do_update(index_elements=['id'], set_=dict(data=upd.excluded.data))
with engine.begin() as conn:
    conn.execute(upd)
with engine.connect() as conn:
    check("on_conflict_do_update with excluded",
          conn.execute(select(my_table.c.data).where(my_table.c.id == 'existing_id')).scalar(), 'newer')

metadata.drop_all(engine)
check("drop_all", inspect(engine).has_table("my_table"), False)
engine.dispose()
finish("sqlalchemy")
