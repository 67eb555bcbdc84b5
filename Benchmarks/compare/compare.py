"""hubaudit side by side with DuckDB, SQLite and chDB on the same events (issue 14, point 5).

Usage: compare.py HUBAUDIT DUCKDB ENGINES_PYTHON WORKDIR RUNS
(run by Benchmarks/compare.sh, which generates WORKDIR/events.ndjson and installs the engines).

Loads the events into each engine once (kept in WORKDIR and reused): hubaudit's store, a DuckDB
native table, an SQLite table with indexes on time, actor, action and name, and a chDB MergeTree
table ordered by time. Then answers each question with each engine as a whole process, RUNS
times, alternating engines, and checks that all answers agree. Prints one table: per question the
median whole-process time of each engine, the in-engine time where the engine reports one
(hubaudit --stats, DuckDB and SQLite .timer, chDB timed inside its process), hubaudit's ratio to
the fastest other engine; then load time and bytes on disk per event.
"""
import json, os, re, statistics, subprocess, sys, textwrap, time

hubaudit, duckdb, py, work, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
events = os.path.join(work, "events.ndjson")
store, duck_db, lite_db, ch_db = (os.path.join(work, n) for n in ("store", "events.duckdb", "events.sqlite", "chdb"))

CHDB_SCRIPT = r"""
import sys, time
from chdb import session
s = session.Session(sys.argv[1])
t = time.perf_counter()
r = s.query(sys.argv[2], sys.argv[3])
out = r.bytes()
sys.stderr.write("engine_ms %.3f\n" % ((time.perf_counter() - t) * 1000))
sys.stdout.write(out.decode())
"""


def run(argv, stdin=None):
    t = time.perf_counter()
    p = subprocess.run(argv, capture_output=True, input=stdin)
    ms = (time.perf_counter() - t) * 1000
    if p.returncode != 0:
        sys.exit(f"{argv[0]} failed ({p.returncode}): {p.stderr.decode()[:2000]}")
    return ms, p.stdout.decode(), p.stderr.decode()


def du(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def load():
    loads = {}
    if not os.path.isdir(store):
        loads["hubaudit"] = run([hubaudit, "import", "--store", store, events])[0]
    if not os.path.exists(duck_db):
        loads["DuckDB"] = run([duckdb, duck_db, "-c", f"""
            CREATE TABLE events AS SELECT * FROM read_json('{events}', format = 'newline_delimited',
                columns = {{account: 'VARCHAR', action: 'VARCHAR', name: 'VARCHAR', actor: 'VARCHAR', data: 'JSON',
                            "timestamp": 'TIMESTAMP', action_description: 'VARCHAR'}})"""])[0]
    if not os.path.exists(lite_db):
        # The sqlite3 shell reads each NDJSON line whole (ASCII mode: no field separator in the
        # data) and SQLite's JSON functions split it; ts is Unix seconds (with fractions).
        loads["SQLite"] = run(["sqlite3", lite_db], stdin=textwrap.dedent(f"""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            CREATE TEMP TABLE raw (line TEXT);
            .mode ascii
            .separator "{chr(31)}" "\\n"
            .import '{events}' raw
            CREATE TABLE events (account TEXT, action TEXT, name TEXT, actor TEXT, data TEXT, ts REAL, action_description TEXT);
            INSERT INTO events SELECT line ->> '$.account', line ->> '$.action', line ->> '$.name', line ->> '$.actor',
                line -> '$.data', (julianday(line ->> '$.timestamp') - 2440587.5) * 86400.0, line ->> '$.action_description'
                FROM raw;
            CREATE INDEX events_ts ON events (ts); CREATE INDEX events_actor ON events (actor);
            CREATE INDEX events_action ON events (action); CREATE INDEX events_name ON events (name);
            """).encode())[0]
    if not os.path.isdir(ch_db):
        schema = "timestamp DateTime64(6, 'UTC'), account String, action String, name String, actor String, data String, action_description String"
        quoted = schema.replace("'", "\\'")
        loads["chDB"] = run([py, "-c", CHDB_SCRIPT, ch_db, f"""
            CREATE TABLE events ({schema}) ENGINE = MergeTree ORDER BY timestamp;
            INSERT INTO events SELECT * FROM file('{events}', JSONEachRow, '{quoted}')""", "CSV"])[0]
    if loads:
        with open(os.path.join(work, "load_ms.json"), "a") as f:
            f.write(json.dumps(loads) + "\n")


def loads_recorded():
    out = {}
    path = os.path.join(work, "load_ms.json")
    if os.path.exists(path):
        for line in open(path):
            out.update(json.loads(line))
    return out


print("== loading (once per work directory)", file=sys.stderr)
load()
total = int(run([duckdb, "-readonly", "-noheader", "-csv", duck_db, "-c", "SELECT count(*) FROM events"])[1])
# The end of the data is "now"; an actor with about 0.01% of the events; a week in the middle.
now, = run([duckdb, "-readonly", "-noheader", "-csv", duck_db, "-c", "SELECT strftime(max(timestamp), '%Y-%m-%dT%H:%M:%SZ') FROM events"])[1].split()
actor = run([duckdb, "-readonly", "-noheader", "-csv", duck_db, "-c",
             f"SELECT actor FROM events GROUP BY actor ORDER BY abs(count(*) - {max(total // 10000, 1)}), actor LIMIT 1"])[1].strip()
week0, week1 = run([duckdb, "-readonly", "-noheader", "-csv", duck_db, "-c",
                    "SELECT strftime(date_trunc('week', min(timestamp) + (max(timestamp) - min(timestamp)) / 2), '%Y-%m-%d'), "
                    "strftime(date_trunc('week', min(timestamp) + (max(timestamp) - min(timestamp)) / 2) + INTERVAL 7 DAY, '%Y-%m-%d') "
                    "FROM events"])[1].strip().split(",")
repo = run([duckdb, "-readonly", "-noheader", "-csv", duck_db, "-c",
            "SELECT name FROM events WHERE name LIKE '%/%' GROUP BY name "
            "HAVING count(*) FILTER (WHERE json_extract_string(data, '$.tag') = 'latest') > 0 "
            f"ORDER BY abs(count(*) - {max(total // 1000, 1)}), name LIMIT 1"])[1].strip()
since30 = run([duckdb, "-noheader", "-csv", "-c", f"SELECT strftime(TIMESTAMP '{now[:-1]}' - INTERVAL 30 DAY, '%Y-%m-%dT%H:%M:%SZ')"])[1].strip()


def epoch(day):  # for SQLite's ts
    return f"(julianday('{day}') - 2440587.5) * 86400.0"


# (label, hubaudit query, SQL with {ts} for the time column and {lo}/{hi} for bounds per engine, keys compared)
QUESTIONS = [
    ("count by action", "count by action", "SELECT action, count(*) AS count FROM events GROUP BY action", ("action", "count")),
    (f"one rare actor's events ({actor})", f"actor={actor}",
     f"SELECT * FROM events WHERE actor = '{actor}' ORDER BY {{ts}}", ("action", "name")),
    (f"pushes in one week ({week0})", f"action=repo.tag.push since:{week0} until:{week1} | count",
     "SELECT count(*) AS count FROM events WHERE action = 'repo.tag.push' AND {ts} >= {lo} AND {ts} < {hi}", ("count",)),
    ("top 10 pushers in the last 30 days", f"action=repo.tag.push since:{since30} | top 10 actor",
     "SELECT actor, count(*) AS count FROM events WHERE action = 'repo.tag.push' AND {ts} >= {since} "
     "GROUP BY actor ORDER BY count DESC, actor LIMIT 10", ("actor", "count")),
    ("count by repository", "count by name", "SELECT name, count(*) AS count FROM events GROUP BY name", ("name", "count")),
    ("top 10 repositories by pushes", "action=repo.tag.push | top 10 name",
     "SELECT name, count(*) AS count FROM events WHERE action = 'repo.tag.push' GROUP BY name ORDER BY count DESC, name LIMIT 10",
     ("name", "count")),
    (f"everything about one repository ({repo})", f"name={repo}",
     f"SELECT * FROM events WHERE name = '{repo}' ORDER BY {{ts}}", ("action", "actor")),
    (f"one repository's events with data.tag=latest", f"name={repo} data.tag=latest",
     f"SELECT * FROM events WHERE name = '{repo}' AND {{tag}} = 'latest' ORDER BY {{ts}}", ("action", "actor")),
]
MISSING = ["per-day team.member.* counts over a year", "events whose description contains a word",
           "distinct repositories pushed to per month", "export of one month (see Benchmarks/export.sh)"]

ENGINES = {
    "hubaudit": dict(ts=None),
    "DuckDB": dict(ts='"timestamp"', tag="json_extract_string(data, '$.tag')", lo=f"TIMESTAMP '{week0}'", hi=f"TIMESTAMP '{week1}'", since=f"TIMESTAMP '{since30[:-1]}'"),
    "SQLite": dict(ts="ts", tag="(data ->> '$.tag')", lo=epoch(week0), hi=epoch(week1), since=epoch(since30[:-1])),
    "chDB": dict(ts="timestamp", tag="JSONExtractString(data, 'tag')", lo=f"toDateTime64('{week0}', 6, 'UTC')", hi=f"toDateTime64('{week1}', 6, 'UTC')",
                 since=f"toDateTime64('{since30[:-1].replace('T', ' ')}', 6, 'UTC')"),
}


def ask(engine, hq, sql):
    """Whole-process ms, in-engine ms (or None), rows as dicts."""
    if engine == "hubaudit":
        ms, out, err = run([hubaudit, "query", "--store", store, "--format", "ndjson", "--stats", "--now", now, hq])
        m = re.search(r"([0-9.]+) ms\s*$", err.strip())
        return ms, float(m.group(1)) if m else None, [json.loads(l) for l in out.splitlines() if l]
    e = ENGINES[engine]
    q = sql.format(**e)
    if engine == "DuckDB":
        ms, out, _ = run([duckdb, "-readonly", "-json", "-cmd", ".timer on", duck_db, "-c", q])
    elif engine == "SQLite":
        # The shell's timer reports only for SQL read from standard input.
        ms, out, _ = run(["sqlite3", "-readonly", "-json", lite_db], stdin=f".timer on\n{q};\n".encode())
    else:
        ms, out, err = run([py, "-c", CHDB_SCRIPT, ch_db, q, "JSONEachRow"])
        return ms, float(err.split()[-1]), [json.loads(l) for l in out.splitlines() if l]
    timers = re.findall(r"^Run Time[^:]*: real ([0-9.]+).*$", out, re.M)
    body = re.sub(r"^Run Time.*$", "", out, flags=re.M).strip()
    rows = json.loads(body) if body else []
    return ms, sum(float(t) for t in timers) * 1000 if timers else None, rows


def normal(rows, keys):
    def value(v):
        return int(v) if isinstance(v, str) and v.isdigit() else v
    return sorted(tuple(value(r.get(k)) for k in keys) for r in rows)


print(f"== {len(QUESTIONS)} questions x {len(ENGINES)} engines x {runs} runs", file=sys.stderr)
results = []
for label, hq, sql, keys in QUESTIONS:
    times = {e: [] for e in ENGINES}
    inner = {e: [] for e in ENGINES}
    answers = {}
    for _ in range(runs):
        for engine in ENGINES:
            ms, engine_ms, rows = ask(engine, hq, sql)
            times[engine].append(ms)
            if engine_ms is not None:
                inner[engine].append(engine_ms)
            answers[engine] = normal(rows, keys)
    agree = all(a == answers["hubaudit"] for a in answers.values())
    results.append((label, {e: statistics.median(t) for e, t in times.items()},
                    {e: statistics.median(t) if t else None for e, t in inner.items()}, agree, len(answers["hubaudit"])))

print(f"\n{total} events, now = {now}; medians of {runs} alternating runs; whole process ms (in-engine ms)\n")
print("| question | rows | " + " | ".join(ENGINES) + " | hubaudit / fastest other | answers |")
print("|---|---:|" + "---:|" * len(ENGINES) + "---:|---|")
for label, whole, inner, agree, rows in results:
    cells = [f"{whole[e]:.0f} ({inner[e]:.0f})" if inner[e] is not None else f"{whole[e]:.0f}" for e in ENGINES]
    fastest = min(whole[e] for e in ENGINES if e != "hubaudit")
    print(f"| {label} | {rows} | " + " | ".join(cells) + f" | {whole['hubaudit'] / fastest:.2f} | {'agree' if agree else 'DIFFER'} |")
print("\n| engine | load ms | bytes on disk | bytes per event |")
print("|---|---:|---:|---:|")
loads = loads_recorded()
for engine, path in (("hubaudit", store), ("DuckDB", duck_db), ("SQLite", lite_db), ("chDB", ch_db)):
    size = du(path)
    load_ms = loads.get(engine)
    print(f"| {engine} | {load_ms:.0f} | {size} | {size / total:.1f} |" if load_ms else f"| {engine} | n/a | {size} | {size / total:.1f} |")
print("\nNot yet asked: " + "; ".join(MISSING) + ".")
