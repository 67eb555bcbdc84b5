/// The hubaudit query language: what this module implements, and the choices it makes where
/// the original design note (the spec) leaves them open. The user's reference, with an example
/// of everything below, is `docs/query-language.md` (``QueryLanguageReference``).
///
/// Pipeline: ``Lexer`` → ``Parser`` (a ``Query`` with ``SourceRange``s) → ``QueryPlan`` (index
/// lookups, block pruning) → ``QueryEvaluator`` (column-wise filters, block-wise aggregation, or
/// a time-ordered event stream) → a ``ResultSink`` such as ``ResultWriter``
/// (`table`, `ndjson`, `json`, `csv`).
///
/// ## Choices where the spec is open
/// - A query that *starts* with a stage keyword (`count`, `stats`, `top`, `sort`, `limit`,
///   `fields`, `where`) has an empty filter: `count by action` is `* | count by action`.
///   Quote the word to search for it: `"count"`.
/// - A quoted value is literal: `name="a*"` matches the name `a*`; only a bare value ending in
///   `*` is a prefix. Prefixes also work in lists: `action in (team.*, org.member.*)`.
/// - `!=`, `!~` and `not in` are the exact negations of `=`, `~` and `in`: an event lacking
///   the field matches them. `<`, `<=`, `>`, `>=`, `=`, `~` never match a missing field.
/// - Keywords (`and`, `or`, `not`, `in`, `by`, `as`, `asc`, `desc`) are case-insensitive;
///   field names and values are case-sensitive.
/// - Group keys: events lacking a grouped field form one group whose key is null (empty in a
///   table and CSV, `null` in JSON), so the counts of `count by` add up to `count`. Grouping
///   by raw `time` is refused: use `bin(time, D)`. A bin's column is named `time`.
/// - `count by` and `stats … by` rows come in ascending key order (null first, text by byte
///   order, bins chronologically); `stats` with no `by` always gives one row.
/// - `dcount`, `min` and `max` ignore missing values; `min`/`max` of nothing is null.
/// - At most one aggregation per query, and only `where` may precede it. On events, `sort`
///   holds the matching events in memory (about 2N of them when `limit N` follows; everything
///   else streams); a later `fields` may only keep fields an earlier one kept.
/// - `sort` and `fields` after an aggregation name columns: `count`, a key (`actor`, `time`),
///   an aggregate as written (`dcount(name)`) or its `as` name.
/// - `top N K1, K2` accepts several keys (the spec shows one).
/// - `--now` pins `now`; `today` is 00:00 UTC of now's day; offsets keep now's fraction.
/// - A reduced event (`fields`) in NDJSON keeps the Hub's names (`timestamp`,
///   `action_description`) and nests data keys under `"data"`; a missing one is `null`.
///
/// ## Extensions (small, consistent with the spec)
/// - `where CONDITION`: after an aggregation, a filter on the rows, in the filter syntax with
///   columns for fields: counts compare as integers, times chronologically (relative times
///   allowed: `where first_seen>=-7d`), text like fields. Before an aggregation (or with none)
///   it is one more event filter. It is what "actors never seen before the last 7 days" needs:
///   `| stats min(time) as first_seen by actor | where first_seen>=-7d`.
/// - `hour` (`00`–`23`) and `weekday` (`mon`–`sun`): fields derived from `time` in UTC,
///   usable in filters, group keys, aggregates and `fields`: `hour<08 or weekday in (sat, sun)`.
///   `hour=8` means `hour=08`.
/// - `FIELD not in (…)`.
/// - `#` starts a comment to the end of the line (saved `.hq` files explain themselves).
public enum QueryLanguage {
    /// The names of the stages.
    public static let stages = StageKeyword.allCases.map(\.rawValue)
}
