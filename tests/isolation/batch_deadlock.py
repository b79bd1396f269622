#!/usr/bin/python3
"""Opposite-order batch upserts from two connections: counts the deadlocks.

    batch_deadlock.py --dsn DSN [--rounds 100] [--keys 1000] [--target upsertdb|postgres]

Each round, two connections released together by a barrier each run, in a
transaction, one multi-row INSERT ... ON CONFLICT DO UPDATE SET n = n + 1 of
the same KEYS keys, one in ascending and one in descending order, then
COMMIT. PostgreSQL locks the rows in input order, so the two can deadlock
(40P01); on UpsertDB they must not: a multi-row upsert first visits its
keys in key order, waiting for and locking the rows of keys another
transaction holds, and only then applies its rows in input order
(exec/batch_lock_order.h, docs/semantics.md), so the descending batch waits
for the ascending one's first key instead of holding the last. Keys no row
holds yet are safe because statements run one at a time under the engine
latch (a batch that waited checks its keys again and starts over if one was
taken meanwhile); once the latch goes they will need key locks. The
isolation spec tests/isolation/specs/batch-upsert-order.spec shows the
ordering step by step. Checks at the end that every key's counter equals the
number of committed transactions, and that no error other than 40P01 (and on
UpsertDB no error at all) happened. Prints the deadlock count and
"batch-deadlock: N passed, N failed".
"""
import argparse
import sys
import threading

import psycopg2

from checklist import Checklist


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dsn", required=True)
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--keys", type=int, default=1000)
    ap.add_argument("--target", choices=("upsertdb", "postgres"), default="upsertdb")
    args = ap.parse_args()

    admin = psycopg2.connect(args.dsn)
    admin.autocommit = True
    cur = admin.cursor()
    cur.execute("DROP TABLE IF EXISTS batch_counters")
    cur.execute("CREATE TABLE batch_counters (key int PRIMARY KEY, n int NOT NULL)")
    # Half the keys exist beforehand (DO UPDATE), half are inserted by the first round.
    cur.execute("INSERT INTO batch_counters SELECT g, 0 FROM generate_series(1, %s, 2) g", (args.keys,))

    keys = list(range(1, args.keys + 1))
    orders = [keys, keys[::-1]]
    statement = ("INSERT INTO batch_counters VALUES " + ",".join("(%s, 1)" for _ in keys) +
                 " ON CONFLICT (key) DO UPDATE SET n = batch_counters.n + 1")
    conns = [psycopg2.connect(args.dsn) for _ in orders]
    barrier = threading.Barrier(len(orders))
    committed = [0, 0]
    deadlocks = [0, 0]
    errors = []

    def worker(i):
        conn = conns[i]
        c = conn.cursor()
        for _ in range(args.rounds):
            barrier.wait()
            try:
                c.execute(statement, orders[i])
                conn.commit()
                committed[i] += 1
            except psycopg2.Error as e:
                conn.rollback()
                if e.pgcode == "40P01":
                    deadlocks[i] += 1
                else:
                    errors.append("%s %s" % (e.pgcode, str(e).strip().splitlines()[0]))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(orders))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for conn in conns:
        conn.close()

    cur.execute("SELECT count(*), min(n), max(n) FROM batch_counters")
    rows, low, high = cur.fetchone()
    cur.execute("DROP TABLE batch_counters")
    admin.close()
    transactions = args.rounds * len(orders)
    total_deadlocks = sum(deadlocks)
    print("%d transactions, %d committed, %d deadlocks (40P01), %d other errors" % (
        transactions, sum(committed), total_deadlocks, len(errors)))
    for line in errors[:10]:
        print("  " + line)

    checks = Checklist()
    check = checks.check

    check("no error other than 40P01", not errors, "(%d)" % len(errors))
    check("every counter = committed transactions", rows == args.keys and low == high == sum(committed),
          "(%s rows, n from %s to %s, %d committed)" % (rows, low, high, sum(committed)))
    if args.target == "upsertdb":
        check("0 deadlocks", total_deadlocks == 0, "(%d)" % total_deadlocks)
    return checks.finish("batch-deadlock")


if __name__ == "__main__":
    sys.exit(main())
