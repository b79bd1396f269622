#!/usr/bin/env python3
"""Benchmark report (issue 7): medians, ratios, targets, chart.

  report.py latency LOGFILE...        p50/p99 of pgbench --log files ("p50_ms=.. p99_ms=..")
  report.py summarize RAW OUTDIR      writes OUTDIR/latest.md, latest.csv and (when gnuplot
                                      or matplotlib is installed) latest.png

RAW holds one measurement per line, written by bench/run.sh and bench/served.sh:
  TYPE key=value ... [:: free text]
TYPE is result (a timed run: rate, unit, optional p50_ms, p99_ms, mem_mb), metric
(name=value), note (free text), error or skip (a run that did not produce a number).
Ratios are always UpsertDB / peer; for throughput higher is better, for memory
lower is better. Targets are issue 7's.
"""
import csv
import os
import shutil
import statistics
import subprocess
import sys
from collections import defaultdict

PEER = {"embedded": "sqlite", "served": "postgres"}
EMBEDDED_TITLES = {
    "a_insert": "(a) upsert-insert, bigint key, 1 txn",
    "b_update": "(b) same keys again, all updates, 1 txn",
    "c_text_unique": "(c) text UNIQUE + serial PK, 50% conflicts, 1 txn",
    "d_point_select": "(d) point select by key, autocommit",
    "e_autocommit": "(e) autocommit single-row upsert",
    "f_plain_insert": "(f) plain INSERT, bigint key, 1 txn",
}
EMBEDDED_TARGET = {"a_insert": 2.0, "b_update": 2.0, "c_text_unique": 2.0, "d_point_select": 1.5, "e_autocommit": 2.0,
                   "f_plain_insert": 2.0}
SERVED_TARGET_CLIENTS = "8"
SERVED_TARGET = 2.0
FOOTPRINT_TARGET = 1.5
UNEQUAL = "met, unequal durability"
COLORS = {"met": "#2a9d4b", UNEQUAL: "#e9a23b", "not met": "#d1495b"}


def parse_line(line):
    line = line.rstrip("\n")
    if not line.strip():
        return None
    text = ""
    if " :: " in line:
        line, text = line.split(" :: ", 1)
    parts = line.split()
    fields = {"type": parts[0], "text": text}
    for p in parts[1:]:
        if "=" in p:
            k, v = p.split("=", 1)
            fields[k] = v
    return fields


def latency(files):
    values = []
    for name in files:
        with open(name) as f:
            for line in f:
                cols = line.split()
                if len(cols) >= 3 and cols[2].isdigit():
                    values.append(int(cols[2]))
    if not values:
        print("p50_ms=nan p99_ms=nan")
        return
    values.sort()

    def pct(p):
        return values[min(len(values) - 1, int(p * len(values)))] / 1000.0

    print("p50_ms=%.3f p99_ms=%.3f" % (pct(0.50), pct(0.99)))


def median(xs):
    xs = [x for x in xs if x == x]   # drop NaN
    return statistics.median(xs) if xs else None


def fmt(x, digits=0):
    if x is None:
        return "—"
    if digits == 0:
        return "{:,.0f}".format(x)
    return "{:.{}f}".format(x, digits)


class Group:
    """All runs of one configuration of one engine."""

    def __init__(self):
        self.rates, self.p50, self.p99, self.mem = [], [], [], []
        self.unit = ""
        self.errors, self.skips = [], []

    def add(self, f):
        if f["type"] == "result":
            self.rates.append(float(f["rate"]))
            self.unit = f.get("unit", "rows/s")
            for key, into in (("p50_ms", self.p50), ("p99_ms", self.p99), ("mem_mb", self.mem)):
                if key in f:
                    into.append(float(f[key]))
        elif f["type"] == "error":
            self.errors.append(f["text"])
        elif f["type"] == "skip":
            self.skips.append(f["text"])


def summarize(raw, outdir):
    groups = defaultdict(Group)      # (section, workload, clients, protocol, sync, engine) -> Group
    metrics = defaultdict(list)      # (section, engine, name) -> values
    notes, server_errors = [], []
    with open(raw) as f:
        for line in f:
            fields = parse_line(line)
            if not fields:
                continue
            t = fields["type"]
            if t == "note":
                label = fields.get("engine", fields.get("section", ""))
                if (label, fields["text"]) not in notes:
                    notes.append((label, fields["text"]))
            elif t == "metric":
                metrics[(fields.get("section", "embedded"), fields["engine"], fields["name"])].append(float(fields["value"]))
            elif t in ("result", "error", "skip"):
                if fields.get("workload") == "server":
                    server_errors.append(fields["text"])
                    continue
                key = (fields["section"], fields["workload"], fields.get("clients", ""), fields.get("protocol", ""),
                       fields.get("sync", ""), fields["engine"])
                groups[key].add(fields)

    def metric(section, engine, name):
        return median(metrics.get((section, engine, name), []))

    # Did UpsertDB's commits write anything to its data directory? If not, it
    # keeps no log, and a write workload against a peer that logs its commits
    # is not the equal-durability comparison the targets ask for.
    durable = {}
    for section in PEER:
        v = metric(section, "upsertdb", "data_dir_bytes_after_commit")
        durable[section] = None if v is None else v > 0

    rows = []
    configs = []
    for key in groups:
        if key[:5] not in configs:
            configs.append(key[:5])
    for section, workload, clients, protocol, sync in configs:
        peer = PEER[section]
        u = groups.get((section, workload, clients, protocol, sync, "upsertdb"), Group())
        p = groups.get((section, workload, clients, protocol, sync, peer), Group())
        ur, pr = median(u.rates), median(p.rates)
        ratio = ur / pr if ur and pr else None
        up99, pp99 = median(u.p99), median(p.p99)
        target, met = "", ""
        if section == "embedded":
            target = ">= %.1fx" % EMBEDDED_TARGET.get(workload, 2.0)
            met = "n/a" if ratio is None else ("met" if ratio >= EMBEDDED_TARGET.get(workload, 2.0) else "not met")
        elif clients == SERVED_TARGET_CLIENTS:
            target = ">= %.1fx, p99 <= peer" % SERVED_TARGET
            if ratio is None:
                met = "n/a"
            else:
                ok = ratio >= SERVED_TARGET and (up99 is None or pp99 is None or up99 <= pp99)
                met = "met" if ok else "not met"
        if met == "met" and durable.get(section) is False and workload != "d_point_select":
            met = UNEQUAL
        status = []
        runs_ok = len(u.rates)
        if u.errors:
            status.append("UpsertDB: %d/%d runs failed: %s" % (len(u.errors), len(u.errors) + runs_ok, u.errors[0][:160]))
        if p.errors:
            status.append("%s: %d runs failed: %s" % (peer, len(p.errors), p.errors[0][:160]))
        if u.skips:
            status.append("skipped: " + u.skips[0][:160])
        rows.append({
            "section": section, "workload": workload, "clients": clients, "protocol": protocol, "sync": sync,
            "unit": u.unit or p.unit or ("rows/s" if section == "embedded" else "tps"),
            "upsertdb": ur, "peer_name": peer, "peer": pr, "ratio": ratio,
            "upsertdb_p50_ms": median(u.p50), "upsertdb_p99_ms": up99,
            "peer_p50_ms": median(p.p50), "peer_p99_ms": pp99,
            "upsertdb_mem_mb": median(u.mem), "peer_mem_mb": median(p.mem),
            "runs": "%d/%d" % (len(u.rates), len(p.rates)),
            "target": target, "met": met, "note": "; ".join(status),
        })

    extra = []   # (what, upsertdb, peer, ratio, target, met)
    u_res = metric("footprint", "upsertdb", "resident_bytes_per_row")
    u_disk = metric("footprint", "upsertdb", "disk_bytes_per_row")
    p_disk = metric("footprint", "postgres", "disk_bytes_per_row")
    if u_res is not None or p_disk is not None:
        r = u_res / p_disk if u_res and p_disk else None
        extra.append(("bytes per row: UpsertDB resident vs PostgreSQL pg_total_relation_size", u_res, p_disk, r,
                      "<= %.1fx" % FOOTPRINT_TARGET, "n/a" if r is None else ("met" if r <= FOOTPRINT_TARGET else "not met")))
        r2 = u_disk / p_disk if u_disk and p_disk else None
        extra.append(("bytes per row: UpsertDB data directory (snapshot) vs PostgreSQL on disk", u_disk, p_disk, r2, "", ""))
    allocs = metric("embedded", "upsertdb", "allocs_per_prepared_upsert")
    if allocs is not None:
        extra.append(("heap allocations per steady-state prepared upsert (operator new)", allocs, None, None, "0",
                      "met" if allocs == 0 else "not met"))
    u_rss = metric("embedded", "upsertdb", "peak_rss_mb")
    s_rss = metric("embedded", "sqlite", "peak_rss_mb")
    if u_rss is not None:
        extra.append(("embedded suite peak RSS, MB (UpsertDB vs SQLite)", u_rss, s_rss,
                      u_rss / s_rss if s_rss else None, "", ""))
    for section in PEER:
        v = metric(section, "upsertdb", "data_dir_bytes_after_commit")
        if v is not None:
            extra.append(("UpsertDB data directory bytes after a commit (%s; 0 = commits not logged)" % section,
                          v, None, None, "", ""))
    close_s = metric("embedded", "upsertdb", "close_seconds")
    if close_s is not None:
        extra.append(("UpsertDB close (snapshot write) after the embedded suite, s", close_s, None, None, "", ""))

    os.makedirs(outdir, exist_ok=True)
    write_csv(rows, extra, os.path.join(outdir, "latest.csv"))
    chart = write_chart(rows, extra, os.path.join(outdir, "latest.png"))
    write_markdown(rows, extra, notes, server_errors, chart, durable, os.path.join(outdir, "latest.md"))


def write_csv(rows, extra, path):
    cols = ["section", "workload", "clients", "protocol", "sync", "unit", "upsertdb", "peer_name", "peer", "ratio",
            "upsertdb_p50_ms", "upsertdb_p99_ms", "peer_p50_ms", "peer_p99_ms", "upsertdb_mem_mb", "peer_mem_mb",
            "runs", "target", "met", "note"]
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(cols)
        for r in rows:
            w.writerow(["" if r[c] is None else (round(r[c], 4) if isinstance(r[c], float) else r[c]) for c in cols])
        for what, u, p, ratio, target, met in extra:
            w.writerow(["metric", what, "", "", "", "", u, "", p, ratio, "", "", "", "", "", "", "", target, met, ""])


def target_summary(rows, extra):
    met = sum(1 for r in rows if r["met"] == "met") + sum(1 for e in extra if e[5] == "met")
    judged = sum(1 for r in rows if r["met"] in ("met", "not met", UNEQUAL))
    judged += sum(1 for e in extra if e[5] in ("met", "not met"))
    unequal = sum(1 for r in rows if r["met"] == UNEQUAL)
    return met, judged, unequal


def write_markdown(rows, extra, notes, server_errors, chart, durable, path):
    out = []
    met, judged, unequal = target_summary(rows, extra)
    out.append("# Benchmark results (issue 7)\n")
    out.append("Generated by `make bench` (bench/run.sh). Every number is the median of the runs shown "
               "(UpsertDB and its peer alternate, each engine in its own process or server). "
               "Ratio = UpsertDB / peer. **Targets met: %d of %d judged**" % (met, judged)
               + (" (%d more reach the ratio only at unequal durability and are not counted)." % unequal
                  if unequal else ".") + "\n")
    if any(v is False for v in durable.values()):
        out.append("**Durability is not equal yet:** UpsertDB's commits wrote 0 bytes to its data directory "
                   "(nothing is logged at commit), "
                   "while SQLite and PostgreSQL log every commit. Write workloads that reach their ratio are "
                   "marked \"%s\" and do not count as met.\n" % UNEQUAL)
    emb = [r for r in rows if r["section"] == "embedded"]
    if emb:
        out.append("## Embedded: UpsertDB C++ API vs SQLite C API (single thread, prepared statements)\n")
        out.append("| workload | UpsertDB rows/s | SQLite rows/s | ratio | target | | runs | note |")
        out.append("|---|---:|---:|---:|---|---|---|---|")
        for r in emb:
            out.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
                EMBEDDED_TITLES.get(r["workload"], r["workload"]), fmt(r["upsertdb"]), fmt(r["peer"]),
                fmt(r["ratio"], 2), r["target"], r["met"], r["runs"], r["note"]))
        out.append("")
    srv = [r for r in rows if r["section"] == "served"]
    if srv:
        out.append("## Served: pgbench against `upsertdb serve` and PostgreSQL 15\n")
        out.append("Latency p50/p99 in ms from pgbench's per-transaction log; memory is the server's peak "
                   "proportional set size (PostgreSQL: postmaster and backends). Targets apply at %s clients. "
                   "Workloads (bench/served/workloads.sh): random_upsert = one-row upsert over 100k keys; "
                   "hot_upsert = over 10 keys; read_receipts = `ON CONFLICT ON CONSTRAINT ... DO NOTHING` over "
                   "100k pairs (SCENARIOS.md incident 1); multi_values = one 1000-row multi-VALUES upsert per "
                   "transaction (rows/s = 1000 x tps); tpcb = pgbench's tpcb-like, scale 1; copy = psql `\\copy` "
                   "of the COPY rows into an empty table.\n"
                   % SERVED_TARGET_CLIENTS)
        out.append("| workload | clients | -M | sync | UpsertDB | PostgreSQL | unit | ratio | UpsertDB p50/p99 | "
                   "PG p50/p99 | UpsertDB MB | PG MB | target | | runs | note |")
        out.append("|---|---:|---|---|---:|---:|---|---:|---|---|---:|---:|---|---|---|---|")
        for r in srv:
            lat_u = "%s / %s" % (fmt(r["upsertdb_p50_ms"], 2), fmt(r["upsertdb_p99_ms"], 2))
            lat_p = "%s / %s" % (fmt(r["peer_p50_ms"], 2), fmt(r["peer_p99_ms"], 2))
            out.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                r["workload"], r["clients"], r["protocol"], r["sync"], fmt(r["upsertdb"]), fmt(r["peer"]), r["unit"],
                fmt(r["ratio"], 2), lat_u, lat_p, fmt(r["upsertdb_mem_mb"], 0), fmt(r["peer_mem_mb"], 0),
                r["target"], r["met"], r["runs"], r["note"]))
        out.append("")
    if extra:
        out.append("## Memory and allocations\n")
        out.append("| measure | UpsertDB | peer | ratio | target | |")
        out.append("|---|---:|---:|---:|---|---|")
        for what, u, p, ratio, target, m in extra:
            out.append("| %s | %s | %s | %s | %s | %s |" % (what, fmt(u, 1), fmt(p, 1), fmt(ratio, 2), target, m))
        out.append("")
    if server_errors:
        out.append("## Server failures\n")
        for e in server_errors:
            out.append("- " + e)
        out.append("")
    out.append("## Settings\n")
    for label, text in notes:
        out.append("- %s: %s" % (label, text))
    out.append("")
    if chart:
        out.append("![ratios](latest.png)\n")
    with open(path, "w") as f:
        f.write("\n".join(out))


def chart_points(rows, extra):
    """(label, ratio, verdict) for every judged throughput comparison, in table order."""
    pts = []
    for r in rows:
        if r["ratio"] is None or r["met"] not in ("met", "not met", UNEQUAL):
            continue
        if r["section"] == "embedded":
            label = "emb " + r["workload"]
            target = EMBEDDED_TARGET.get(r["workload"], 2.0)
        else:
            label = "%s %s %s sync=%s" % (r["workload"], r["clients"], r["protocol"][:4], r["sync"])
            target = SERVED_TARGET
        pts.append((label, r["ratio"], r["met"]))
    return pts


def write_chart(rows, extra, path):
    pts = chart_points(rows, extra)
    if not pts:
        return False
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        plt = None
    if plt is not None:
        fig, ax = plt.subplots(figsize=(10, 0.32 * len(pts) + 1.5))
        labels = [p[0] for p in pts][::-1]
        ratios = [p[1] for p in pts][::-1]
        colors = [COLORS[p[2]] for p in pts][::-1]
        ax.barh(labels, ratios, color=colors)
        ax.axvline(1.0, color="grey", linewidth=1)
        ax.axvline(2.0, color="black", linestyle="--", linewidth=1)
        ax.set_xscale("log")
        ax.set_xlabel("UpsertDB / peer throughput (log scale; dashed = 2x target)")
        ax.set_title("UpsertDB vs SQLite (embedded) and PostgreSQL 15 (served)")
        fig.tight_layout()
        fig.savefig(path, dpi=110)
        return True
    if shutil.which("gnuplot"):
        data = path + ".dat"
        with open(data, "w") as f:
            for i, (label, ratio, verdict) in enumerate(pts):
                f.write('%d "%s" %.4f %d\n' % (len(pts) - 1 - i, label, ratio, int(COLORS[verdict][1:], 16)))
        lo = min(0.5, min(p[1] for p in pts) / 1.5)
        script = """
set terminal pngcairo size 1100,%d noenhanced
set output '%s'
set title 'UpsertDB / peer throughput (log scale): green met, amber met at unequal durability, red not met'
set style fill solid 0.8
set logscale x 2
set xrange [%g:*]
set yrange [-1:%d]
set ytics nomirror font ',8'
unset key
set arrow from 2, graph 0 to 2, graph 1 nohead dt 2 lc rgb 'black'
set arrow from 1, graph 0 to 1, graph 1 nohead lc rgb 'grey'
plot '%s' using 3:1:(%g):3:($1 - 0.4):($1 + 0.4):4:ytic(2) with boxxyerror lc rgb variable
""" % (24 * len(pts) + 120, path, lo, len(pts), data, lo)
        try:
            subprocess.run(["gnuplot"], input=script, text=True, check=True, capture_output=True)
            return True
        except subprocess.CalledProcessError as e:
            print("report: gnuplot failed: %s" % e.stderr.strip(), file=sys.stderr)
            if os.path.exists(path):
                os.remove(path)
            return False
        finally:
            os.remove(data)
    print("report: no chart (install gnuplot: apt-get install gnuplot-nox, or python3-matplotlib)", file=sys.stderr)
    return False


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "latency":
        latency(sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "summarize":
        summarize(sys.argv[2], sys.argv[3])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
