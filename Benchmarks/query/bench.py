"""Times hubaudit queries against DuckDB answering the same questions over the same events.

Usage: bench.py HUBAUDIT_BINARY WORKDIR   (WORKDIR holds events.ndjson and store/; duck.db is made there)

hubaudit is timed as a whole process (start-up, store open, plan, scan, output to /dev/null),
best of 5 runs; its own --stats line is shown too. DuckDB is timed in-process (query only, the
table already loaded in its native format, result fetched), best of 5, with its default threads
(all cores) and with one thread, since hubaudit's scan uses one core.
"""
import json, os, subprocess, sys, time
import duckdb

binary, work = sys.argv[1], sys.argv[2]
store = os.path.join(work, "store")
RUNS = 5


def hubaudit(query, *extra, fmt="ndjson"):
    best, stats, out = None, "", b""
    for _ in range(RUNS):
        t = time.perf_counter()
        p = subprocess.run([binary, "query", "--store", store, "--format", fmt, "--stats", *extra, query],
                           capture_output=True)
        dt = time.perf_counter() - t
        if p.returncode != 0:
            sys.exit(f"hubaudit failed: {p.stderr.decode()}")
        if best is None or dt < best:
            best, stats, out = dt, p.stderr.decode().strip(), p.stdout
    return best, stats, out


con = duckdb.connect(os.path.join(work, "duck.db"))
con.execute("SET TimeZone='UTC'")
if not con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name='events'").fetchone()[0]:
    print("== loading events into DuckDB", file=sys.stderr)
    t = time.perf_counter()
    con.execute(f"""
        CREATE TABLE events AS
        SELECT account, action, name, actor, data, CAST("timestamp" AS TIMESTAMPTZ) AS ts, action_description
        FROM read_json('{os.path.join(work, "events.ndjson")}', format='newline_delimited',
             columns={{account: 'VARCHAR', action: 'VARCHAR', name: 'VARCHAR', actor: 'VARCHAR', data: 'JSON',
                       "timestamp": 'VARCHAR', action_description: 'VARCHAR'}})""")
    print(f"   loaded in {time.perf_counter() - t:.1f} s", file=sys.stderr)
total = con.execute("SELECT count(*) FROM events").fetchone()[0]


def duck(sql, params=(), threads=None):
    con.execute(f"SET threads={threads or os.cpu_count()}")
    best, rows = None, None
    for _ in range(RUNS):
        t = time.perf_counter()
        rows = con.execute(sql, params).fetchall()
        dt = time.perf_counter() - t
        best = dt if best is None or dt < best else best
    return best, rows


# An actor with about 0.01% of the events.
target = total // 10_000
actor, actor_count = con.execute(
    "SELECT actor, count(*) c FROM events GROUP BY actor ORDER BY abs(count(*) - ?), actor LIMIT 1", [target]).fetchone()

cases = [
    ("count by action (answered by the index)", "count by action", [],
     "SELECT action, count(*) FROM events GROUP BY action ORDER BY action"),
    ("count by action (full scan)", "count by action", ["--no-index-answers"],
     "SELECT action, count(*) FROM events GROUP BY action ORDER BY action"),
    ("dcount(name) by month of pushes", "action=repo.tag.push | stats dcount(name) as repos by bin(time, 1mo)", [],
     "SELECT date_trunc('month', ts) AS time, count(DISTINCT name) AS repos FROM events "
     "WHERE action = 'repo.tag.push' GROUP BY 1 ORDER BY 1"),
    (f"actor={actor} | count (index answer)", f"actor={actor} | count", [],
     f"SELECT count(*) FROM events WHERE actor = '{actor}'"),
    (f"actor={actor} | count by action (reads blocks)", f"actor={actor} | count by action", [],
     f"SELECT action, count(*) FROM events WHERE actor = '{actor}' GROUP BY action ORDER BY action"),
    (f"actor={actor} ({actor_count} events out)", f"actor={actor}", [],
     f"SELECT * FROM events WHERE actor = '{actor}' ORDER BY ts"),
    ("top 10 pushers", "action=repo.tag.push | top 10 actor", ["--no-index-answers"],
     "SELECT actor, count(*) c FROM events WHERE action = 'repo.tag.push' GROUP BY actor ORDER BY c DESC, actor LIMIT 10"),
]

print(f"\n{total} events; hubaudit: whole process, best of {RUNS}; DuckDB: query in-process, best of {RUNS}\n")
print(f"{'question':48} {'hubaudit':>10} {'duckdb':>10} {'duckdb 1t':>10} {'ratio':>7} {'ratio 1t':>8}  answers")
for label, query, extra, sql in cases:
    h, stats, out = hubaudit(query, *extra)
    d, rows = duck(sql)
    d1, _ = duck(sql, threads=1)
    lines = [json.loads(l) for l in out.decode().splitlines() if l]
    same = len(lines) == len(rows)
    if same and lines and "count" in lines[0] and len(rows[0]) == 1:
        same = [l["count"] for l in lines] == [r[0] for r in rows]
    if same and lines and "count" in lines[0] and len(rows[0]) == 2:
        same = [l["count"] for l in lines] == [r[1] for r in rows]
    if same and lines and "repos" in lines[0]:
        same = [l["repos"] for l in lines] == [r[1] for r in rows]
    print(f"{label:48} {h*1000:8.1f}ms {d*1000:8.1f}ms {d1*1000:8.1f}ms {h/d:7.2f} {h/d1:8.2f}  {'equal' if same else 'DIFFER'}")
    print(f"{'':48} {stats}")
    if query.startswith("actor=") and "|" not in query:
        explain = subprocess.run([binary, "query", "--store", store, "--explain", query], capture_output=True).stdout.decode()
        print("\n".join(" " * 49 + l for l in explain.strip().splitlines()))
print("\nratio = hubaudit time / DuckDB time (below 1: hubaudit is faster)")
