/// Which action an episode performs, for bots and for people, and how many events that yields.
///
/// The shares are given in events (per mille of that kind's events) and turned into episode
/// probabilities by dividing by each action's mean events per episode (a build pushes several
/// tags, a retention run deletes several). With bots producing ``Rhythm/botShare`` of the events
/// this gives about 80 % pushes, 5–6 % tag deletions, 2 % repository creations, and well under
/// 1 % each for privacy, token and settings changes.
struct ActionMix: Sendable {
    /// One action of a mix.
    struct Entry: Sendable {
        /// The action.
        var action: GeneratedAction
        /// Its share of this kind's events, per mille.
        var events: Double
        /// Its mean number of events per episode (measured; only used to weight episodes).
        var perEpisode: Double
    }

    /// What CI bots do: push builds, and the retention bot's tag clean-ups.
    static let bot = ActionMix([
        Entry(action: .tagPush, events: 960, perEpisode: 2.5),
        Entry(action: .tagDelete, events: 40, perEpisode: 4.5),
    ])

    /// What people do.
    static let human = ActionMix([
        Entry(action: .tagPush, events: 540, perEpisode: 2.0),
        Entry(action: .tagDelete, events: 80, perEpisode: 1.3),
        Entry(action: .repoCreate, events: 57, perEpisode: 1),
        Entry(action: .repoDelete, events: 17, perEpisode: 1),
        Entry(action: .repoPrivacy, events: 13, perEpisode: 1),
        Entry(action: .teamMemberAdd, events: 86, perEpisode: 1),
        Entry(action: .teamMemberRemove, events: 53, perEpisode: 1),
        Entry(action: .teamMemberInvite, events: 27, perEpisode: 1),
        Entry(action: .orgMemberAdd, events: 38, perEpisode: 1),
        Entry(action: .orgMemberRemove, events: 24, perEpisode: 1),
        Entry(action: .orgMemberRoleChange, events: 11, perEpisode: 1),
        Entry(action: .teamCreate, events: 19, perEpisode: 1),
        Entry(action: .teamDelete, events: 8, perEpisode: 1),
        Entry(action: .tokenCreate, events: 11, perEpisode: 1),
        Entry(action: .tokenDelete, events: 6, perEpisode: 1),
        Entry(action: .settingsUpdate, events: 10, perEpisode: 1),
    ])

    /// The actions, in table order.
    let actions: [GeneratedAction]
    /// Chooses an index into ``actions`` per episode.
    let sampler: AliasTable
    /// The mean number of events per episode of this kind.
    let eventsPerEpisode: Double

    init(_ entries: [Entry]) {
        actions = entries.map(\.action)
        let episodes = entries.map { $0.events / $0.perEpisode }
        sampler = AliasTable(weights: integerWeights(episodes))
        eventsPerEpisode = entries.reduce(0) { $0 + $1.events } / episodes.reduce(0, +)
    }

    /// One episode's action.
    @inline(__always)
    func sample(_ rng: inout Xoshiro256) -> GeneratedAction {
        actions[sampler.sample(&rng)]
    }
}
