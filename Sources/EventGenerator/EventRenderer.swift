import AuditModel

/// Turns drafts into canonical NDJSON lines or `AuditEvent` values.
///
/// Both outputs are built from the same field writers, so the fast NDJSON path produces exactly
/// the bytes `CanonicalJSON.appendEvent` would for the corresponding event (the tests check it).
/// All vocabulary strings are plain ASCII without `"` or `\`, so nothing needs escaping.
struct EventRenderer: Sendable {
    /// The day whose date prefix is cached.
    private var cachedDay: Int64 = .min
    /// "YYYY-MM-DDT" of ``cachedDay``.
    private var datePrefix: [UInt8] = []
    /// Scratch space for the `AuditEvent` path.
    private var scratch: [UInt8] = []

    init() {}

    /// The canonical JSON between an event's values, from the schema's keys: `{"account":"`,
    /// `","action":"`, …
    private enum Separator {
        static let quote = [UInt8(ascii: "\"")]
        static let account = SchemaField.account.firstMember + quote
        static let action = quote + SchemaField.action.member + quote
        static let name = quote + SchemaField.name.member + quote
        static let actor = quote + SchemaField.actor.member + quote
        static let data = quote + SchemaField.data.member + [UInt8(ascii: "{")]
        static let timestamp = quote + SchemaField.timestamp.member + quote
        static let timestampAfterData = [UInt8(ascii: "}")] + SchemaField.timestamp.member + quote
        static let actionDescription = quote + SchemaField.actionDescription.member + quote
    }

    // MARK: NDJSON

    /// Appends the draft as one canonical NDJSON line, newline included.
    mutating func appendLine(_ d: Draft, using v: Vocabulary, to out: inout [UInt8]) {
        out.append(contentsOf: Separator.account)
        v.organisationNames.write(Int(d.organisation), to: &out)
        out.append(contentsOf: Separator.action)
        out.appendLiteral(d.action.name)
        out.append(contentsOf: Separator.name)
        Self.appendName(d, using: v, to: &out)
        out.append(contentsOf: Separator.actor)
        v.actorNames.write(Int(d.actor), to: &out)
        if let keys = d.action.dataKeys {
            out.append(contentsOf: Separator.data)
            var first = true
            for key in keys {
                out.appendLiteral(first ? "\"" : ",\"")
                first = false
                out.appendLiteral(key.name)
                out.appendLiteral(#"":""#)
                Self.appendValue(key, of: d, using: v, to: &out)
                out.appendLiteral("\"")
            }
            out.append(contentsOf: Separator.timestampAfterData)
        } else {
            out.append(contentsOf: Separator.timestamp)
        }
        appendTimestamp(d.seconds, to: &out)
        out.append(contentsOf: Separator.actionDescription)
        Self.appendDescription(d, using: v, to: &out)
        out.appendLiteral("\"}\n")
    }

    /// Appends "YYYY-MM-DDThh:mm:ssZ", caching the date part.
    @inline(__always)
    private mutating func appendTimestamp(_ seconds: Int64, to out: inout [UInt8]) {
        let day = Timestamp.floorDiv(seconds, 86_400)
        if day != cachedDay {
            cachedDay = day
            datePrefix.removeAll(keepingCapacity: true)
            Timestamp(seconds: day * 86_400).appendRFC3339(to: &datePrefix)
            datePrefix.removeLast(datePrefix.count - 11)
        }
        out.append(contentsOf: datePrefix)
        let s = Int(seconds - day * 86_400)
        out.appendDecimal(s / 3600, width: 2)
        out.append(UInt8(ascii: ":"))
        out.appendDecimal((s / 60) % 60, width: 2)
        out.append(UInt8(ascii: ":"))
        out.appendDecimal(s % 60, width: 2)
        out.append(UInt8(ascii: "Z"))
    }

    // MARK: AuditEvent

    /// The draft as an `AuditEvent`.
    mutating func event(_ d: Draft, using v: Vocabulary) -> AuditEvent {
        let data = d.action.dataKeys.map { keys in
            keys.map { key in
                DataField(key: key.name.description, value: text { Self.appendValue(key, of: d, using: v, to: &$0) })
            }
        }
        return AuditEvent(
            account: v.organisationNames.string(Int(d.organisation)),
            action: d.action.name.description,
            name: text { Self.appendName(d, using: v, to: &$0) },
            actor: v.actorNames.string(Int(d.actor)),
            data: data,
            timestamp: Timestamp(seconds: d.seconds),
            actionDescription: text { Self.appendDescription(d, using: v, to: &$0) }
        )
    }

    private mutating func text(_ write: (inout [UInt8]) -> Void) -> String {
        scratch.removeAll(keepingCapacity: true)
        write(&scratch)
        return String(decoding: scratch, as: UTF8.self)
    }

    // MARK: Fields

    /// The `name` field: the repository, the member, or the organisation.
    static func appendName(_ d: Draft, using v: Vocabulary, to out: inout [UInt8]) {
        switch d.action.subject {
        case .repository: v.repositoryNames.write(Int(d.subject), to: &out)
        case .member: v.actorNames.write(Int(d.subject), to: &out)
        case .organisation: v.organisationNames.write(Int(d.organisation), to: &out)
        }
    }

    /// One `data` value.
    static func appendValue(_ key: GeneratedAction.DataKey, of d: Draft, using v: Vocabulary, to out: inout [UInt8]) {
        switch key {
        case .digest:
            out.appendLiteral("sha256:")
            appendHex(d.digest, digits: 64, to: &out)
        case .tag: appendTag(d.tag, using: v, to: &out)
        case .privacy: out.appendLiteral(d.aux == 0 ? "private" : "public")
        case .team: v.teamNames.write(Int(d.aux), to: &out)
        case .role: v.roles.write(Int(d.aux), to: &out)
        case .scopes: v.tokenScopes.write(Int(d.aux2), to: &out)
        case .tokenLabel: v.tokenLabels.write(Int(d.aux), to: &out)
        case .setting: v.settingNames.write(Int(d.aux), to: &out)
        case .value: v.settingValues.write(Int(d.aux2), to: &out)
        }
    }

    /// The `action_description`, built from the event's own fields and fixed words only.
    static func appendDescription(_ d: Draft, using v: Vocabulary, to out: inout [UInt8]) {
        switch d.action {
        case .tagPush:
            out.appendLiteral("pushed the tag ")
            appendTag(d.tag, using: v, to: &out)
            out.appendLiteral(" with the digest sha256:")
            appendHex(d.digest, digits: 13, to: &out)
            out.appendLiteral(" to the repository ")
            v.repositoryNames.write(Int(d.subject), to: &out)
        case .tagDelete:
            out.appendLiteral("deleted the tag ")
            appendTag(d.tag, using: v, to: &out)
            out.appendLiteral(" from the repository ")
            v.repositoryNames.write(Int(d.subject), to: &out)
        case .repoCreate:
            out.appendLiteral("created the repository ")
            v.repositoryNames.write(Int(d.subject), to: &out)
        case .repoDelete:
            out.appendLiteral("deleted the repository ")
            v.repositoryNames.write(Int(d.subject), to: &out)
        case .repoPrivacy:
            out.appendLiteral("made the repository ")
            v.repositoryNames.write(Int(d.subject), to: &out)
            out.appendLiteral(d.aux == 0 ? " private" : " public")
        case .teamCreate:
            out.appendLiteral("created the team ")
            v.teamNames.write(Int(d.aux), to: &out)
        case .teamDelete:
            out.appendLiteral("deleted the team ")
            v.teamNames.write(Int(d.aux), to: &out)
        case .teamMemberAdd:
            out.appendLiteral("added ")
            v.actorNames.write(Int(d.subject), to: &out)
            out.appendLiteral(" to the team ")
            v.teamNames.write(Int(d.aux), to: &out)
        case .teamMemberRemove:
            out.appendLiteral("removed ")
            v.actorNames.write(Int(d.subject), to: &out)
            out.appendLiteral(" from the team ")
            v.teamNames.write(Int(d.aux), to: &out)
        case .teamMemberInvite:
            out.appendLiteral("invited ")
            v.actorNames.write(Int(d.subject), to: &out)
            out.appendLiteral(" to the team ")
            v.teamNames.write(Int(d.aux), to: &out)
        case .orgMemberAdd:
            out.appendLiteral("added ")
            v.actorNames.write(Int(d.subject), to: &out)
            out.appendLiteral(" to the organization ")
            v.organisationNames.write(Int(d.organisation), to: &out)
            out.appendLiteral(" as ")
            v.roles.write(Int(d.aux), to: &out)
        case .orgMemberRemove:
            out.appendLiteral("removed ")
            v.actorNames.write(Int(d.subject), to: &out)
            out.appendLiteral(" from the organization ")
            v.organisationNames.write(Int(d.organisation), to: &out)
        case .orgMemberRoleChange:
            out.appendLiteral("changed the role of ")
            v.actorNames.write(Int(d.subject), to: &out)
            out.appendLiteral(" in the organization ")
            v.organisationNames.write(Int(d.organisation), to: &out)
            out.appendLiteral(" to ")
            v.roles.write(Int(d.aux), to: &out)
        case .tokenCreate:
            out.appendLiteral("created the access token ")
            v.tokenLabels.write(Int(d.aux), to: &out)
            out.appendLiteral(" with the scopes ")
            v.tokenScopes.write(Int(d.aux2), to: &out)
        case .tokenDelete:
            out.appendLiteral("deleted the access token ")
            v.tokenLabels.write(Int(d.aux), to: &out)
        case .settingsUpdate:
            out.appendLiteral("changed the setting ")
            v.settingNames.write(Int(d.aux), to: &out)
            out.appendLiteral(" of the organization ")
            v.organisationNames.write(Int(d.organisation), to: &out)
            out.appendLiteral(" to ")
            v.settingValues.write(Int(d.aux2), to: &out)
        }
    }

    /// A tag's text.
    static func appendTag(_ tag: Tag, using v: Vocabulary, to out: inout [UInt8]) {
        switch tag.kind {
        case .latest:
            out.appendLiteral("latest")
        case .version3, .version2, .version1:
            if tag.flags & 1 != 0 { out.append(UInt8(ascii: "v")) }
            out.appendDecimal(Int(tag.a))
            if tag.kind != .version1 {
                out.append(UInt8(ascii: "."))
                out.appendDecimal(Int(tag.b))
                if tag.kind == .version3 {
                    out.append(UInt8(ascii: "."))
                    out.appendDecimal(Int(tag.c))
                }
            }
        case .word:
            v.wordTags.write(Int(tag.a), to: &out)
        case .branch:
            v.branchPrefixes.write(Int(tag.a), to: &out)
            v.branchTopics.write(Int(tag.b), to: &out)
        case .sha:
            out.appendLiteral("sha-")
            for shift in stride(from: 24, through: 0, by: -4) {
                out.append(hexDigit(UInt64(tag.x) >> UInt64(shift)))
            }
        case .date:
            let (year, month, day) = Timestamp.civilFromDays(Int64(Int32(bitPattern: tag.x)))
            let dashed = tag.flags == 1
            if tag.flags == 2 { out.appendLiteral("nightly-") }
            out.appendDecimal(Int(year), width: 4)
            if dashed { out.append(UInt8(ascii: "-")) }
            out.appendDecimal(month, width: 2)
            if dashed { out.append(UInt8(ascii: "-")) }
            out.appendDecimal(day, width: 2)
        case .pullRequest:
            out.appendLiteral("pr-")
            out.appendDecimal(Int(tag.x))
        case .build:
            out.appendLiteral("build-")
            out.appendDecimal(Int(tag.x))
        }
    }

    /// The lowercase hex digit of the low four bits.
    @inline(__always)
    static func hexDigit(_ value: UInt64) -> UInt8 {
        let n = UInt8(truncatingIfNeeded: value & 15)
        return n < 10 ? 48 + n : 87 + n
    }

    /// The first `digits` (at most 64) lowercase hex digits of a digest.
    @inline(__always)
    static func appendHex(_ digest: Digest, digits: Int, to out: inout [UInt8]) {
        var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &buffer) { b in
            var i = 0
            for w in 0..<4 {
                let word = w == 0 ? digest.a : w == 1 ? digest.b : w == 2 ? digest.c : digest.d
                for k in 0..<16 {
                    b[i + k] = hexDigit(word >> UInt64(60 - 4 * k))
                }
                i += 16
                if i >= digits { break }
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: b[0..<min(digits, 64)]))
        }
    }
}
