/// One generated organisation: where its names live in the shared tables and how its events
/// are distributed.
struct Organisation: Sendable {
    /// The organisation's index (its `account` is ``Vocabulary/organisationNames`` `[index]`).
    var index: Int
    /// Its clock's offset from UTC in seconds; its working hours follow it.
    var utcOffset: Int64
    /// Its share of all events, summing to 1 over the organisations.
    var share: Double
    /// Global actor indices of its pushing CI bots (busiest first).
    var bots: Range<Int>
    /// Global actor index of its retention bot, which deletes old tags.
    var retentionBot: Int
    /// Global actor indices of its people; the first ``adminCount`` are its administrators.
    var humans: Range<Int>
    /// How many of the first humans are administrators (always active, do most org changes).
    var adminCount: Int
    /// Global indices of its repositories.
    var repositories: Range<Int>
    /// Global indices of its teams.
    var teams: Range<Int>
    /// Zipf-skewed choice among ``repositories`` (offsets from its lower bound).
    var repositorySampler: AliasTable
    /// Skewed choice among ``bots`` (offsets from its lower bound).
    var botSampler: AliasTable
}
