"""The incidents' races, 8 connections at once over the wire (psycopg2).

    /usr/bin/python3 race_test.py PORT [HOST]

Each scenario starts 8 threads, each with its own connection, released together
by a barrier so that their statements really interleave, and then checks the
outcome against what the statements promise under any interleaving:
  - incident 1: read receipts from several devices, ON CONFLICT ON CONSTRAINT
    ... DO NOTHING: zero errors, exactly the distinct receipts, and the conflict
    counter in upsertdb_stat_conflicts equal to the attempts that lost;
  - incident 2: a response cache (ON CONFLICT (id) DO NOTHING) filled by every
    "pod" for the same keys: zero errors, one row per key, the first value kept;
  - a hot key, DO UPDATE SET n = t.n + 1: no increment lost;
  - get-or-create with DO SELECT ... RETURNING: every connection gets the same
    id for the same key, and conflicts consume no sequence values (ids 1..N);
  - transfers between two rows in explicit transactions (UPDATE waits and
    re-checks): the total is unchanged, no increment lost.
Prints one line per check; exits non-zero when any check failed."""
import sys
import threading

import psycopg2

from checks import check, finish

PORT = int(sys.argv[1])
HOST = sys.argv[2] if len(sys.argv) > 2 else "127.0.0.1"
THREADS = 8


def connect():
    conn = psycopg2.connect(host=HOST, port=PORT, user="postgres", dbname="postgres")
    conn.autocommit = True
    return conn


def run_threads(work):
    """Runs work(thread_index, cursor) on THREADS connections at once; returns the errors."""
    barrier = threading.Barrier(THREADS)
    errors = []

    def body(i):
        conn = connect()
        try:
            barrier.wait()
            work(i, conn.cursor())
        except Exception as e:  # every error is a failure of the scenario
            errors.append("%s: %s" % (type(e).__name__, str(e).strip()))
        finally:
            conn.close()

    threads = [threading.Thread(target=body, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


admin = connect()
sql = admin.cursor()


def scalar(query, args=None):
    sql.execute(query, args)
    return sql.fetchone()[0]


# ---- incident 1: read receipts -------------------------------------------------
sql.execute("create table receipts (message_id bigint not null, user_id bigint not null,"
            " device text, read_at timestamptz default now(),"
            " constraint receipts_message_user_key unique (message_id, user_id))")
sql.execute("select upsertdb_stat_reset()")
MESSAGES, USERS, ROUNDS = 40, 5, 2


def mark_read(i, cur):
    for _ in range(ROUNDS):
        for m in range(MESSAGES):
            for u in range(USERS):
                cur.execute("insert into receipts (message_id, user_id, device) values (%s, %s, %s)"
                            " on conflict on constraint receipts_message_user_key do nothing",
                            (m, u, "device-%d" % i))


errors = run_threads(mark_read)
check("receipts: no errors", errors[:3], [])
sql.execute("select message_id, user_id from receipts order by 1, 2")
check("receipts: exactly one row per (message, user)", sql.fetchall(),
      [(m, u) for m in range(MESSAGES) for u in range(USERS)])
attempts = THREADS * ROUNDS * MESSAGES * USERS
check("receipts: conflicts counted per constraint",
      scalar("select conflicts_do_nothing from upsertdb_stat_conflicts"
             " where relname = 'receipts' and constraint_name = 'receipts_message_user_key'"),
      attempts - MESSAGES * USERS)

# ---- incident 2: response cache filled by many pods ------------------------------------
sql.execute("create table response_cache (id text primary key, data text not null,"
            " fetched_at timestamptz default now())")
KEYS = 150


def fill_cache(i, cur):
    for k in range(KEYS):
        cur.execute("select data from response_cache where id = %s", ("req-%d" % k,))
        if cur.fetchone() is None:   # both pods miss, both insert: only one row may win
            cur.execute("insert into response_cache (id, data) values (%s, %s) on conflict (id) do nothing",
                        ("req-%d" % k, "pod-%d" % i))


errors = run_threads(fill_cache)
check("cache: no errors", errors[:3], [])
sql.execute("select id from response_cache")
check("cache: exactly one row per key", sorted(r[0] for r in sql.fetchall()), sorted("req-%d" % k for k in range(KEYS)))
check("cache: every value came from one pod",
      scalar("select count(*) from response_cache where data !~ '^pod-[0-7]$'"), 0)

# ---- hot key: no lost increment ------------------------------------------------------
sql.execute("create table counters (id int primary key, n bigint not null)")
INCREMENTS = 250


def bump(i, cur):
    for _ in range(INCREMENTS):
        cur.execute("insert into counters as t (id, n) values (1, 1) on conflict (id) do update set n = t.n + 1")


errors = run_threads(bump)
check("hot key: no errors", errors[:3], [])
check("hot key: no increment lost", scalar("select n from counters where id = 1"), THREADS * INCREMENTS)

# ---- get-or-create with DO SELECT ----------------------------------------------------------
sql.execute("create table accounts (id serial primary key, email text not null unique)")
EMAILS = 100
seen = [dict() for _ in range(THREADS)]


def get_or_create(i, cur):
    for e in range(EMAILS):
        email = "user%d@example.com" % ((e * 7 + i) % EMAILS)   # each thread its own order
        cur.execute("insert into accounts (email) values (%s) on conflict (email) do select returning id", (email,))
        rows = cur.fetchall()
        if len(rows) != 1:
            raise AssertionError("%d rows returned for %s" % (len(rows), email))
        seen[i][email] = rows[0][0]


errors = run_threads(get_or_create)
check("get-or-create: no errors", errors[:3], [])
check("get-or-create: every connection got the same id per key",
      sum(1 for e in seen[0] if any(s.get(e) != seen[0][e] for s in seen)), 0)
check("get-or-create: ids are 1..N (conflicts use no sequence value)",
      scalar("select count(*) || ' ' || min(id) || ' ' || max(id) from accounts"), "%d 1 %d" % (EMAILS, EMAILS))

# ---- transfers: waits and re-checks in explicit transactions ----------------------------------------
sql.execute("create table balances (id int primary key, amount bigint not null)")
sql.execute("insert into balances values (1, 100000), (2, 100000)")
TRANSFERS = 60


def transfer(i, cur):
    cur.connection.autocommit = False
    for t in range(TRANSFERS):
        src, dst = (1, 2) if (t + i) % 2 == 0 else (2, 1)
        first, second = sorted((src, dst))   # same lock order in every thread: no deadlocks
        cur.execute("update balances set amount = amount + %s where id = %s",
                    (-1 if first == src else 1, first))
        cur.execute("update balances set amount = amount + %s where id = %s",
                    (-1 if second == src else 1, second))
        cur.connection.commit()


errors = run_threads(transfer)
check("transfers: no errors", errors[:3], [])
check("transfers: the total is unchanged", scalar("select sum(amount) from balances"), 200000)
moved = sum((1 if (t + i) % 2 == 0 else -1) for i in range(THREADS) for t in range(TRANSFERS))
check("transfers: no update lost", scalar("select amount from balances where id = 2"), 100000 + moved)

admin.close()
finish()
