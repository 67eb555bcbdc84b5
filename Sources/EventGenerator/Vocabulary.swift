import AuditModel
#if canImport(Glibc)
import Glibc  // links libm, which `rounded()` and `squareRoot()` call on Linux
#elseif canImport(Musl)
import Musl
#endif

/// Everything the generator precomputes once: organisations, actors, repositories and teams, with
/// their names, popularity weights and activity periods.
///
/// Its size grows with the square root of the event count (about 3 000 people and 10 000
/// repositories per organisation at ten million events), never with the events themselves.
struct Vocabulary: Sendable {
    var organisations: [Organisation] = []
    var organisationNames = StringTable()
    /// All actors of all organisations (bots, then people, per organisation).
    var actorNames = StringTable()
    /// All repositories, full names ("acme/web-api").
    var repositoryNames = StringTable()
    /// All teams of all organisations.
    var teamNames = StringTable()
    /// Per actor: first day (from the span's start) on which it acts.
    var activeFrom: [Int32] = []
    /// Per actor: the day after its last active day.
    var activeUntil: [Int32] = []
    /// Per actor: popularity weight among the people active on a day (bots: unused).
    var actorWeight: [UInt64] = []
    /// Per actor: ``homeRepositoryCount`` global repository indices the person usually pushes to.
    var homeRepositories: [Int32] = []
    /// The initial state of every repository.
    var repositories: [RepositoryState] = []

    let tokenLabels = StringTable(WordLists.tokenLabels)
    let tokenScopes = StringTable(WordLists.tokenScopes)
    let settingNames = StringTable(WordLists.settings.map(\.name))
    /// Values of all settings, flattened; setting `i`'s start at ``settingValueStart`` `[i]`.
    let settingValues = StringTable(WordLists.settings.flatMap(\.values))
    let settingValueStart: [Int] = WordLists.settings.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.values.count) }
    let roles = StringTable(WordLists.roles)
    let wordTags = StringTable(WordLists.wordTags)
    let branchPrefixes = StringTable(WordLists.branchPrefixes)
    let branchTopics = StringTable(WordLists.branchTopics)

    /// How many home repositories each person has.
    static let homeRepositoryCount = 3
    /// Push weights of the CI bots, busiest first (the retention bot is not among them).
    static let botWeights: [Double] = [30, 20, 14, 10, 8, 6, 5, 4]

    /// The number of people of an organisation that receives `events` events: 3 000 at ten
    /// million, scaling with the square root, at least 4.
    static func humanCount(events: Double) -> Int {
        Int(min(60_000, max(4, (3_000 * (events / 10_000_000).squareRoot()).rounded())))
    }

    /// The number of repositories of an organisation that receives `events` events: 10 000 at ten
    /// million, scaling with the square root, at least 5.
    static func repositoryCount(events: Double) -> Int {
        Int(min(200_000, max(5, (10_000 * (events / 10_000_000).squareRoot()).rounded())))
    }

    /// Builds the vocabularies of a (sanitised) configuration.
    init(_ configuration: GeneratorConfiguration) {
        let orgCount = configuration.organisations
        let days = configuration.days
        let orgWeights = (0..<orgCount).map { 1.0 / Double($0 + 1) }
        let weightSum = orgWeights.reduce(0, +)
        var usedActorNames = Set<String>()

        for o in 0..<orgCount {
            var rng = Xoshiro256(seed: SplitMix64.hash(configuration.seed, 0x0F6A_11CE, UInt64(o)))
            let base = WordLists.organisations[o % WordLists.organisations.count]
            let name = o < WordLists.organisations.count ? base : base + String(o / WordLists.organisations.count + 1)
            organisationNames.append(name)
            let share = orgWeights[o] / weightSum
            let orgEvents = Double(configuration.events) * share

            // Repositories.
            let repoCount = Self.repositoryCount(events: orgEvents)
            let repoStart = repositoryNames.count
            for repo in Self.repositoryNames(count: repoCount, rng: &rng) {
                repositoryNames.append(name + "/" + repo)
                repositories.append(RepositoryState(rng: &rng))
            }
            let repoRange = repoStart..<repositoryNames.count
            let repoSampler = AliasTable(weights: integerWeights(
                Zipf.shuffledWeights(count: repoCount, offset: 3, rng: &rng)))

            // Bots: active over the whole span.
            let botStart = actorNames.count
            for template in WordLists.bots {
                var bot = template.replacing("{org}", with: name)
                if usedActorNames.contains(bot) { bot = name + "-" + bot }
                usedActorNames.insert(bot)
                appendActor(bot, from: 0, until: days, weight: 0, homes: [])
            }
            let retentionBot = actorNames.count - 1

            // People, with Zipf-skewed weights and limited activity periods.
            let humanCount = Self.humanCount(events: orgEvents)
            let adminCount = min(humanCount, 2 + humanCount / 800)
            let humanWeights = integerWeights(Zipf.shuffledWeights(count: humanCount, offset: 4, rng: &rng))
            let humanStart = actorNames.count
            for h in 0..<humanCount {
                let username = Self.username(rng: &rng, used: &usedActorNames)
                var homes: [Int32] = []
                for _ in 0..<Self.homeRepositoryCount {
                    homes.append(Int32(repoStart + repoSampler.sample(&rng)))
                }
                if h < adminCount {
                    appendActor(username, from: 0, until: days, weight: humanWeights[h], homes: homes)
                } else {
                    let (from, until) = Self.activePeriod(days: days, rng: &rng)
                    appendActor(username, from: from, until: until, weight: humanWeights[h], homes: homes)
                }
            }

            // Teams.
            let teamCount = min(80, max(4, 4 + humanCount / 40))
            let teamStart = teamNames.count
            for t in 0..<teamCount {
                let plain = WordLists.teams.count
                if t < plain {
                    teamNames.append(WordLists.teams[t])
                } else {
                    let k = t - plain
                    teamNames.append(WordLists.teams[k % plain] + "-" + WordLists.teamRegions[(k / plain) % WordLists.teamRegions.count])
                }
            }

            organisations.append(Organisation(
                index: o,
                utcOffset: Int64(WordLists.utcOffsets[o % WordLists.utcOffsets.count]) * 3600,
                share: share,
                bots: botStart..<retentionBot,
                retentionBot: retentionBot,
                humans: humanStart..<actorNames.count,
                adminCount: adminCount,
                repositories: repoRange,
                teams: teamStart..<teamNames.count,
                repositorySampler: repoSampler,
                botSampler: AliasTable(weights: integerWeights(Self.botWeights))
            ))
        }
    }

    private mutating func appendActor(_ name: String, from: Int, until: Int, weight: UInt64, homes: [Int32]) {
        actorNames.append(name)
        activeFrom.append(Int32(from))
        activeUntil.append(Int32(until))
        actorWeight.append(weight)
        var homes = homes
        while homes.count < Self.homeRepositoryCount { homes.append(-1) }
        homeRepositories.append(contentsOf: homes)
    }

    /// A person's active period in days `[from, until)`, clipped to `[0, days)` and never empty:
    /// a fifth are long-standing members (60–100 % of the span), the rest stay weeks to months.
    static func activePeriod(days: Int, rng: inout Xoshiro256) -> (Int, Int) {
        let u = rng.unit()
        let fraction = rng.chance(0.2) ? 0.6 + 0.4 * u : 0.03 + 0.45 * u * u
        let length = max(min(days, 7), Int(Double(days) * fraction))
        let half = length / 2
        let latestStart = max(-half, days - max(1, half))
        let from = -half + rng.int(latestStart + half + 1)
        let start = max(0, from)
        let end = min(days, max(from + length, start + 1))
        return (start, end)
    }

    /// `count` distinct repository names (without the organisation), built from the word lists.
    static func repositoryNames(count: Int, rng: inout Xoshiro256) -> [String] {
        var used = Set<String>()
        var names: [String] = []
        names.reserveCapacity(count)
        let heads = WordLists.repoHeads, tails = WordLists.repoTails, variants = WordLists.repoVariants
        while names.count < count {
            var candidate = ""
            for attempt in 0..<16 {
                let head = heads[rng.int(heads.count)]
                let tail = tails[rng.int(tails.count)]
                let variant = variants[rng.int(variants.count)]
                let u = rng.int(100)
                if u < 12 {
                    candidate = head
                } else if u < 70 {
                    candidate = head + "-" + tail
                } else if u < 90 {
                    candidate = head + "-" + tail + "-" + variant
                } else {
                    candidate = head + "-" + variant
                }
                // No stutter ("web-web", "api-v2-v2").
                if head == tail || tail == variant || head == variant { candidate = head }
                if attempt == 15 { candidate += "-" + String(names.count) }
                if !used.contains(candidate) { break }
            }
            used.insert(candidate)
            names.append(candidate)
        }
        return names
    }

    /// A new lowercase username, unique among `used`, 4–30 letters and digits.
    static func username(rng: inout Xoshiro256, used: inout Set<String>) -> String {
        let firsts = WordLists.firstNames, lasts = WordLists.lastNames
        var candidate = ""
        for attempt in 0..<24 {
            let first = firsts[rng.int(firsts.count)]
            let last = lasts[rng.int(lasts.count)]
            let u = rng.int(100)
            if u < 30 {
                candidate = first + last
            } else if u < 50 {
                candidate = String(first.prefix(1)) + last
            } else if u < 62 {
                candidate = first + String(last.prefix(1))
            } else if u < 77 {
                candidate = first + String(rng.chance(0.5) ? rng.int(in: 1...99) : rng.int(in: 1960...2005))
            } else if u < 87 {
                candidate = first + WordLists.userSuffixes[rng.int(WordLists.userSuffixes.count)]
            } else {
                candidate = first + last + String(rng.int(in: 1...9))
            }
            if attempt >= 20 { candidate += String(rng.int(in: 100...9999)) }
            while candidate.utf8.count < 4 { candidate += String(rng.int(10)) }
            if candidate.utf8.count > 30 { candidate = String(candidate.prefix(30)) }
            if !used.contains(candidate) { break }
        }
        while used.contains(candidate) { candidate = String(candidate.suffix(26)) + String(rng.int(10)) }
        used.insert(candidate)
        return candidate
    }
}
