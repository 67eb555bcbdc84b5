import AuditModel

/// Episodes: the unit of generation. One episode is one thing that happens — a CI build pushing
/// an image under several tags, a retention run deleting old tags, a person adding a colleague to
/// a team — and yields one or more events close together in time.
extension EventGenerator {
    /// Probability that a pushed tag is immediately reported twice (a retried push).
    static let retryProbability = 0.004
    /// Probability that a push episode promotes the repository's last image to a stage tag.
    static let promotionProbability = 0.08
    /// Probability that a build of a semantic-versioned repository is a release (the others are
    /// branch builds).
    static let releaseProbability = 0.4
    /// Probability that a bot build pushes several repositories at once (a monorepo build).
    static let fanOutProbability = 0.07

    /// Runs one episode starting at second `t`; returns how many events it made (1...budget).
    mutating func episode(organisation o: Int, bot: Bool, at t: Int64, budget: Int) -> Int {
        let action = bot ? ActionMix.bot.sample(&rng) : ActionMix.human.sample(&rng)
        let org = vocabulary.organisations[o]
        switch action {
        case .tagPush:
            return bot ? botPush(org, at: t, budget: budget) : humanPush(org, at: t, budget: budget)
        case .tagDelete:
            return tagDeletion(org, bot: bot, at: t, budget: budget)
        case .repoCreate, .repoDelete, .repoPrivacy:
            let actor = adminOrActivePerson(org, adminProbability: 0.3)
            let repo = org.repositories.lowerBound + rng.int(org.repositories.count)
            var d = draft(org, action, actor: actor, subject: repo, at: t)
            if action == .repoPrivacy {
                repositories[repo].isPrivate.toggle()
                d.aux = repositories[repo].isPrivate ? 0 : 1
            }
            emit(d)
            return 1
        case .teamCreate, .teamDelete:
            var d = draft(org, action, actor: adminOrActivePerson(org, adminProbability: 0.85), subject: 0, at: t)
            d.aux = Int32(org.teams.lowerBound + rng.int(org.teams.count))
            emit(d)
            return 1
        case .teamMemberAdd, .teamMemberRemove, .teamMemberInvite:
            let actor = adminOrActivePerson(org, adminProbability: 0.6)
            var d = draft(org, action, actor: actor, subject: activeMember(org, other: actor), at: t)
            d.aux = Int32(org.teams.lowerBound + rng.int(org.teams.count))
            emit(d)
            return 1
        case .orgMemberAdd, .orgMemberRemove, .orgMemberRoleChange:
            let actor = adminOrActivePerson(org, adminProbability: 0.9)
            var d = draft(org, action, actor: actor, subject: activeMember(org, other: actor), at: t)
            let u = rng.int(100)
            if action == .orgMemberAdd {
                d.aux = u < 80 ? 0 : u < 95 ? 1 : 2
            } else if action == .orgMemberRoleChange {
                d.aux = u < 30 ? 0 : u < 80 ? 1 : 2
            }
            emit(d)
            return 1
        case .tokenCreate, .tokenDelete:
            var d = draft(org, action, actor: adminOrActivePerson(org, adminProbability: 0.85), subject: 0, at: t)
            d.aux = Int32(rng.int(vocabulary.tokenLabels.count))
            d.aux2 = Int32(rng.int(vocabulary.tokenScopes.count))
            emit(d)
            return 1
        case .settingsUpdate:
            var d = draft(org, action, actor: adminOrActivePerson(org, adminProbability: 0.95), subject: 0, at: t)
            let setting = rng.int(vocabulary.settingNames.count)
            let first = vocabulary.settingValueStart[setting]
            d.aux = Int32(setting)
            d.aux2 = Int32(first + rng.int(vocabulary.settingValueStart[setting + 1] - first))
            emit(d)
            return 1
        }
    }

    // MARK: Pushes

    /// A CI bot's build: usually one repository, sometimes several at once, sometimes a promotion.
    mutating func botPush(_ org: Organisation, at t: Int64, budget: Int) -> Int {
        let actor = org.bots.lowerBound + org.botSampler.sample(&rng)
        if rng.chance(Self.fanOutProbability) {
            let repositoryCount = 2 + rng.int(5)
            var made = 0
            for _ in 0..<repositoryCount where made < budget {
                let repo = popularRepository(org)
                made += build(org, actor: actor, repository: repo, at: t + Int64(rng.int(3)), budget: budget - made)
            }
            return made
        }
        return pushOrPromote(org, actor: actor, repository: popularRepository(org), at: t, budget: budget)
    }

    /// A person's push, mostly to one of their own few repositories.
    mutating func humanPush(_ org: Organisation, at t: Int64, budget: Int) -> Int {
        let actor = activePerson(org)
        let repo = rng.chance(0.7) ? homeRepository(org, actor: actor) : popularRepository(org)
        return pushOrPromote(org, actor: actor, repository: repo, at: t, budget: budget)
    }

    /// A new build, or occasionally a promotion of the last image to a stage tag.
    mutating func pushOrPromote(_ org: Organisation, actor: Int, repository repo: Int, at t: Int64, budget: Int) -> Int {
        if repositories[repo].hasDigest && rng.chance(Self.promotionProbability) {
            let stage = WordLists.promotionTags[rng.int(WordLists.promotionTags.count)]
            var d = draft(org, .tagPush, actor: actor, subject: repo, at: t)
            d.tag = Tag(.word, a: UInt16(stage))
            d.digest = repositories[repo].lastDigest
            emit(d)
            return 1
        }
        return build(org, actor: actor, repository: repo, at: t, budget: budget)
    }

    /// One image build pushed under 1–4 tags within a few seconds, all with the same new digest.
    mutating func build(_ org: Organisation, actor: Int, repository repo: Int, at t: Int64, budget: Int) -> Int {
        var state = repositories[repo]
        var push = draft(org, .tagPush, actor: actor, subject: repo, at: t)
        push.digest = Digest.random(&rng)
        var made = 0
        var style = state.style
        if style == .semver && !rng.chance(Self.releaseProbability) { style = .branch }
        switch style {
        case .semver:
            state.bump(&rng)
            let v: UInt8 = state.vPrefix ? 1 : 0
            pushTag(Tag(.version3, flags: v, a: state.major, b: state.minor, c: state.patch), &push, &made, budget)
            if rng.chance(0.6) {
                pushTag(Tag(.version2, flags: v, a: state.major, b: state.minor), &push, &made, budget)
                if rng.chance(0.45) { pushTag(Tag(.version1, flags: v, a: state.major), &push, &made, budget) }
            }
            if rng.chance(0.65) { pushTag(.latest, &push, &made, budget) }
        case .branch:
            let u = rng.int(100)
            let tag: Tag
            var isMain = false
            if u < 55 {
                tag = Tag(.word, a: UInt16(WordLists.mainTag))
                isMain = true
            } else if u < 68 {
                tag = Tag(.word, a: 1)  // develop
            } else if u < 71 {
                tag = Tag(.word, a: 2)  // master
                isMain = true
            } else if u < 76 {
                tag = Tag(.word, a: 3)  // staging
            } else if u < 94 {
                tag = Tag(.branch, a: UInt16(rng.int(WordLists.branchPrefixes.count)), b: UInt16(rng.int(WordLists.branchTopics.count)))
            } else {
                tag = Tag(.pullRequest, x: UInt32(rng.int(in: 1...4000)))
            }
            pushTag(tag, &push, &made, budget)
            if rng.chance(0.75) { pushTag(Tag(.sha, x: UInt32(truncatingIfNeeded: rng.next() >> 36)), &push, &made, budget) }
            if isMain && rng.chance(0.5) { pushTag(.latest, &push, &made, budget) }
        case .dated:
            let day = Timestamp.floorDiv(t, 86_400)
            let format = UInt8(repo % 3)
            pushTag(Tag(.date, flags: format, x: UInt32(bitPattern: Int32(truncatingIfNeeded: day))), &push, &made, budget)
            if rng.chance(0.55) {
                pushTag(.latest, &push, &made, budget)
            } else if rng.chance(0.4) {
                pushTag(Tag(.word, a: 9), &push, &made, budget)  // nightly
            }
        case .latestOnly:
            state.builds &+= 1
            pushTag(.latest, &push, &made, budget)
            if rng.chance(0.3) {
                let tag = rng.chance(0.5)
                    ? Tag(.sha, x: UInt32(truncatingIfNeeded: rng.next() >> 36))
                    : Tag(.build, x: state.builds)
                pushTag(tag, &push, &made, budget)
            }
        }
        state.lastDigest = push.digest
        state.hasDigest = true
        repositories[repo] = state
        return made
    }

    /// Emits `push` with `tag` (if the budget allows), maybe twice (a retry in the same second),
    /// then moves its time on by the typical gap between the tags of one build.
    mutating func pushTag(_ tag: Tag, _ push: inout Draft, _ made: inout Int, _ budget: Int) {
        guard made < budget else { return }
        push.tag = tag
        emit(push)
        made += 1
        if made < budget && rng.chance(Self.retryProbability) {
            emit(push)
            made += 1
        }
        let u = rng.int(100)
        push.seconds += u < 62 ? 0 : u < 90 ? 1 : Int64(2 + rng.int(3))
    }

    // MARK: Deletions

    /// A retention bot's clean-up run (several old tags in a burst) or a person deleting a tag or two.
    mutating func tagDeletion(_ org: Organisation, bot: Bool, at t: Int64, budget: Int) -> Int {
        let actor: Int
        let repo: Int
        let count: Int
        if bot {
            actor = org.retentionBot
            repo = popularRepository(org)
            count = 1 + rng.int(8)
        } else {
            actor = activePerson(org)
            repo = rng.chance(0.5) ? homeRepository(org, actor: actor) : popularRepository(org)
            count = rng.chance(0.8) ? 1 : 2 + rng.int(2)
        }
        var d = draft(org, .tagDelete, actor: actor, subject: repo, at: t)
        let made = Swift.min(count, budget)
        for _ in 0..<made {
            d.tag = oldTag(repository: repo, day: Timestamp.floorDiv(t, 86_400))
            emit(d)
            if rng.chance(0.4) { d.seconds += 1 }
        }
        return made
    }

    /// A plausible tag from the repository's past, for deletion.
    mutating func oldTag(repository repo: Int, day: Int64) -> Tag {
        let state = repositories[repo]
        switch state.style {
        case .semver:
            let back = UInt16(rng.int(4))
            let minor = state.minor >= back ? state.minor - back : 0
            let patch = back == 0 ? UInt16(rng.int(Swift.max(1, Int(state.patch)))) : UInt16(rng.int(16))
            return Tag(.version3, flags: state.vPrefix ? 1 : 0, a: state.major, b: minor, c: patch)
        case .branch:
            let u = rng.int(100)
            if u < 50 { return Tag(.sha, x: UInt32(truncatingIfNeeded: rng.next() >> 36)) }
            if u < 85 {
                return Tag(.branch, a: UInt16(rng.int(WordLists.branchPrefixes.count)), b: UInt16(rng.int(WordLists.branchTopics.count)))
            }
            return Tag(.pullRequest, x: UInt32(rng.int(in: 1...4000)))
        case .dated:
            let old = day - 14 - Int64(rng.int(120))
            return Tag(.date, flags: UInt8(repo % 3), x: UInt32(bitPattern: Int32(truncatingIfNeeded: old)))
        case .latestOnly:
            if rng.chance(0.5) { return Tag(.sha, x: UInt32(truncatingIfNeeded: rng.next() >> 36)) }
            let back = UInt32(1 + rng.int(50))
            return Tag(.build, x: state.builds > back ? state.builds - back : 1)
        }
    }

    // MARK: Choices

    /// A draft with the common fields set.
    @inline(__always)
    func draft(_ org: Organisation, _ action: GeneratedAction, actor: Int, subject: Int, at t: Int64) -> Draft {
        Draft(
            seconds: t, sequence: 0, digest: .zero, tag: .latest, actor: Int32(actor), subject: Int32(subject),
            aux: 0, aux2: 0, organisation: UInt16(org.index), action: action)
    }

    /// Queues an event, numbering it and keeping it inside the span.
    @inline(__always)
    mutating func emit(_ draft: Draft) {
        var d = draft
        d.sequence = sequence
        sequence &+= 1
        if d.seconds >= spanEnd { d.seconds = spanEnd - 1 }
        pending.append(d)
    }

    /// A Zipf-skewed repository of the organisation.
    @inline(__always)
    mutating func popularRepository(_ org: Organisation) -> Int {
        org.repositories.lowerBound + org.repositorySampler.sample(&rng)
    }

    /// One of the person's home repositories.
    mutating func homeRepository(_ org: Organisation, actor: Int) -> Int {
        let home = vocabulary.homeRepositories[actor * Vocabulary.homeRepositoryCount + rng.int(Vocabulary.homeRepositoryCount)]
        return home >= 0 ? Int(home) : popularRepository(org)
    }

    /// A person active today, weighted by popularity.
    @inline(__always)
    mutating func activePerson(_ org: Organisation) -> Int {
        Int(activeLists[org.index][activeSamplers[org.index].sample(&rng)])
    }

    /// An administrator with probability `adminProbability`, otherwise an active person.
    mutating func adminOrActivePerson(_ org: Organisation, adminProbability: Double) -> Int {
        rng.chance(adminProbability) ? org.humans.lowerBound + rng.int(org.adminCount) : activePerson(org)
    }

    /// A person active today, chosen uniformly, other than `other` when possible.
    mutating func activeMember(_ org: Organisation, other: Int) -> Int {
        let list = activeLists[org.index]
        let i = rng.int(list.count)
        if Int(list[i]) == other && list.count > 1 { return Int(list[(i + 1) % list.count]) }
        return Int(list[i])
    }
}
