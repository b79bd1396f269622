#!/usr/bin/python3
"""Randomized concurrency stress over the wire, bounded in time.

    stress.py --dsn DSN [--seconds 20] [--connections 16] [--keys 1000] [--target upsertdb|postgres]

CONNECTIONS threads, each with its own psycopg2 connection, run a random mix
of operations on KEYS keys until the time is up:

  transfer      BEGIN; two UPDATEs of accounts in random order; INSERT a ledger
                row; COMMIT.  A deadlock (40P01) between two such transfers is
                PostgreSQL's behaviour too: the transaction is rolled back and
                counted, not an error.  Lower half of the accounts.
  transfer1     one multi-row UPDATE moving an amount between two accounts,
                with the ledger row in the same transaction.  Upper half of the
                accounts, so that only other one-statement transfers meet it.
  hot_update    UPDATE counters SET n = n + 1 on one row that every connection
                updates (waits, then re-checks the new version).
  count         INSERT ... ON CONFLICT DO UPDATE SET n = n + 1 on a counter.
  count_batch   one multi-row upsert of 2..8 distinct counters in random order.
  item_*        upsert / insert (may raise 23505: expected) / insert ON
                CONFLICT DO NOTHING / update / delete of items with a unique
                email derived from the id.

At the end it checks the invariants: the accounts' total is unchanged; every
counter equals the number of acknowledged increments; the ledger holds exactly
the acknowledged transfers (no row lost, none invented) and each account's
balance equals its opening balance plus its ledger entries; no item id or email
is duplicated and each email matches its id. Any error other than the expected
ones above fails the run. Against UpsertDB a multi-row statement takes its locks
in key order, so transfer1 and count_batch must never deadlock; against
PostgreSQL (--target postgres) their deadlocks are counted and reported.
Prints the operation counts and "stress: N passed, N failed" (invariants).
"""
import argparse
import collections
import os
import random
import sys
import threading
import time

import psycopg2

from checklist import Checklist

OPENING_BALANCE = 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dsn", required=True)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--keys", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--target", choices=("upsertdb", "postgres"), default="upsertdb")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else int(time.time())
    print("seed %d, %d connections, %d keys, %g s" % (seed, args.connections, args.keys, args.seconds))

    admin = psycopg2.connect(args.dsn)
    admin.autocommit = True
    cur = admin.cursor()
    for t in ("ledger", "accounts", "counters", "items"):
        cur.execute("DROP TABLE IF EXISTS " + t)
    cur.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL)")
    cur.execute("CREATE TABLE ledger (conn int, seq int, account int NOT NULL, amount bigint NOT NULL,"
                " PRIMARY KEY (conn, seq, account))")
    cur.execute("CREATE TABLE counters (key int PRIMARY KEY, n bigint NOT NULL)")
    cur.execute("CREATE TABLE items (id int PRIMARY KEY, email text NOT NULL UNIQUE, v int NOT NULL)")
    cur.execute("INSERT INTO counters VALUES (0, 0)")
    cur.execute("INSERT INTO accounts SELECT g, %s FROM generate_series(1, %s) g", (OPENING_BALANCE, args.keys))

    deadline = time.monotonic() + args.seconds
    lock = threading.Lock()
    ops = collections.Counter()          # (op, outcome) -> count
    unexpected = []                       # error descriptions
    increments = collections.Counter()   # counter key -> acknowledged increments
    transfers = {}                        # (conn, seq) -> {account: amount}

    def worker(index):
        rng = random.Random(seed * 1000 + index)
        conn = psycopg2.connect(args.dsn)
        conn.autocommit = True
        c = conn.cursor()
        local_ops = collections.Counter()
        local_inc = collections.Counter()
        local_transfers = {}
        seq = 0
        keys = args.keys

        def run(op, body, expected=()):
            try:
                result = body()
                local_ops[(op, "ok")] += 1
                return result
            except psycopg2.Error as e:
                try:
                    c.execute("ROLLBACK")
                except psycopg2.Error:
                    pass
                if e.pgcode in expected:
                    local_ops[(op, e.pgcode)] += 1
                else:
                    with lock:
                        unexpected.append("%s: %s %s" % (op, e.pgcode, (e.pgerror or str(e)).strip().splitlines()[0]))
                return None

        while time.monotonic() < deadline:
            r = rng.random()
            # Two-statement transfers use the lower half of the accounts, one-statement
            # transfers the upper half: a one-statement transfer may rightly deadlock
            # with a two-statement one, never with another one-statement transfer.
            # Half the transfers pick among 20 hot accounts, so that they meet and wait.
            half = keys // 2
            a, b = rng.sample(range(1, (20 if rng.random() < 0.5 else half) + 1), 2)
            amount = rng.randint(1, 50)
            if r < 0.20:
                seq += 1

                def transfer(s=seq):
                    c.execute("BEGIN")
                    c.execute("UPDATE accounts SET balance = balance - %s WHERE id = %s", (amount, a))
                    c.execute("UPDATE accounts SET balance = balance + %s WHERE id = %s", (amount, b))
                    c.execute("INSERT INTO ledger VALUES (%s, %s, %s, %s), (%s, %s, %s, %s)",
                              (index, s, a, -amount, index, s, b, amount))
                    c.execute("COMMIT")
                    local_transfers[(index, s)] = {a: -amount, b: amount}
                run("transfer", transfer, ("40P01",))
            elif r < 0.35:
                seq += 1
                a, b = a + half, b + half

                def transfer1(s=seq):
                    c.execute("BEGIN")
                    c.execute("UPDATE accounts SET balance = balance + CASE WHEN id = %s THEN %s ELSE %s END"
                              " WHERE id IN (%s, %s)", (a, -amount, amount, a, b))
                    c.execute("INSERT INTO ledger VALUES (%s, %s, %s, %s), (%s, %s, %s, %s)",
                              (index, s, a, -amount, index, s, b, amount))
                    c.execute("COMMIT")
                    local_transfers[(index, s)] = {a: -amount, b: amount}
                run("transfer1", transfer1, ("40P01",) if args.target == "postgres" else ())
            elif r < 0.40:
                def bump():  # one hot row: every connection waits and re-checks (EvalPlanQual)
                    c.execute("UPDATE counters SET n = n + 1 WHERE key = 0")
                    if c.rowcount != 1:
                        raise psycopg2.ProgrammingError("UPDATE %d" % c.rowcount)
                    local_inc[0] += 1
                run("hot_update", bump)
            elif r < 0.50:
                k = rng.randint(1, 50)  # hot counters: heavy contention

                def count():
                    c.execute("INSERT INTO counters VALUES (%s, 1) ON CONFLICT (key) DO UPDATE SET n = counters.n + 1", (k,))
                    local_inc[k] += 1
                run("count", count)
            elif r < 0.60:
                ks = rng.sample(range(1, 51), rng.randint(2, 8))

                def count_batch():
                    c.execute("INSERT INTO counters VALUES " + ",".join("(%s, 1)" for _ in ks) +
                              " ON CONFLICT (key) DO UPDATE SET n = counters.n + 1", ks)
                    for k in ks:
                        local_inc[k] += 1
                run("count_batch", count_batch, ("40P01",) if args.target == "postgres" else ())
            else:
                k = rng.randint(1, keys)
                kind = rng.choice(("upsert", "insert", "insert_nothing", "update", "delete"))
                sql = {
                    "upsert": "INSERT INTO items VALUES (%s, 'e' || %s, 1) ON CONFLICT (id) DO UPDATE SET v = items.v + 1",
                    "insert": "INSERT INTO items VALUES (%s, 'e' || %s, 1)",
                    "insert_nothing": "INSERT INTO items VALUES (%s, 'e' || %s, 1) ON CONFLICT DO NOTHING",
                    "update": "UPDATE items SET v = v + 1 WHERE id = %s AND email = 'e' || %s",
                    "delete": "DELETE FROM items WHERE id = %s AND email = 'e' || %s",
                }[kind]
                run("item_" + kind, lambda: c.execute(sql, (k, k)), ("23505",) if kind == "insert" else ())
        conn.close()
        with lock:
            ops.update(local_ops)
            increments.update(local_inc)
            transfers.update(local_transfers)

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(args.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()) + 60)
    if any(t.is_alive() for t in threads):
        print("FAIL: a connection is still running 60 s after the deadline (a hang)")
        print("stress: 0 passed, 1 failed")
        os._exit(1)

    for (op, outcome), n in sorted(ops.items()):
        print("  %-20s %-6s %d" % (op, outcome, n))
    print("  unexpected errors: %d" % len(unexpected))
    for line in unexpected[:20]:
        print("    " + line)

    checks = Checklist()
    check = checks.check

    check("no unexpected errors", not unexpected, "(%d)" % len(unexpected))
    cur.execute("SELECT sum(balance), count(*) FROM accounts")
    total, rows = cur.fetchone()
    check("account total constant", total == OPENING_BALANCE * args.keys and rows == args.keys,
          "(total %s over %s rows)" % (total, rows))
    cur.execute("SELECT conn, seq, account, amount FROM ledger")
    ledger = collections.defaultdict(dict)
    for conn_i, seq, account, amount in cur.fetchall():
        ledger[(conn_i, seq)][account] = amount
    check("ledger holds exactly the acknowledged transfers", dict(ledger) == transfers,
          "(%d in the ledger, %d acknowledged, %d missing, %d extra)" % (
              len(ledger), len(transfers), len(set(transfers) - set(ledger)), len(set(ledger) - set(transfers))))
    expected_balance = collections.Counter()
    for moves in transfers.values():
        expected_balance.update(moves)
    cur.execute("SELECT id, balance FROM accounts")
    wrong = [(i, bal) for i, bal in cur.fetchall() if bal != OPENING_BALANCE + expected_balance[i]]
    check("every balance = opening + acknowledged transfers", not wrong, "(%d accounts differ, e.g. %s)" % (len(wrong), wrong[:3]))
    cur.execute("SELECT key, n FROM counters")
    counters = dict(cur.fetchall())
    increments[0] += 0  # the hot row exists even if no connection got to it
    check("counters exact", counters == dict(increments),
          "(%d keys differ)" % len(set(counters.items()) ^ set(increments.items())))
    cur.execute("SELECT count(*), count(DISTINCT id), count(DISTINCT email), count(*) FILTER (WHERE email <> 'e' || id) FROM items")
    n, ids, emails, mismatched = cur.fetchone()
    check("no unique key duplicated", n == ids == emails and mismatched == 0,
          "(%d rows, %d ids, %d emails, %d mismatched)" % (n, ids, emails, mismatched))
    deadlocks = {op: ops[(op, "40P01")] for op in ("transfer", "transfer1", "count_batch")}
    print("deadlocks: " + ", ".join("%s %d" % kv for kv in deadlocks.items()))
    for t in ("ledger", "accounts", "counters", "items"):
        cur.execute("DROP TABLE " + t)
    admin.close()
    return checks.finish("stress")


if __name__ == "__main__":
    sys.exit(main())
