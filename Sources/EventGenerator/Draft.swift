/// A generated event before it is written: indices into the vocabularies instead of strings.
///
/// Pending events are sorted by time within a slice, so they are kept small and trivially
/// copyable; ``EventRenderer`` turns one into NDJSON bytes or an `AuditEvent`.
struct Draft: Sendable {
    /// The event's second since 1970.
    var seconds: Int64
    /// Generation order: the tie-breaker that makes the sort order independent of the sort algorithm.
    var sequence: UInt64
    /// The image digest of a push (unused otherwise).
    var digest: Digest
    /// The tag of a push or tag deletion.
    var tag: Tag
    /// Global index of the actor.
    var actor: Int32
    /// The repository (repository events) or the member's actor index (member events).
    var subject: Int32
    /// Action-specific: team, token label, setting or role index; privacy (0 private, 1 public).
    var aux: Int32
    /// Action-specific: token scopes or setting value index.
    var aux2: Int32
    /// The organisation's index.
    var organisation: UInt16
    /// What happened.
    var action: GeneratedAction

    /// Orders by time, then by generation order.
    @inline(__always)
    static func precedes(_ a: Draft, _ b: Draft) -> Bool {
        a.seconds != b.seconds ? a.seconds < b.seconds : a.sequence < b.sequence
    }
}

/// A 256-bit image digest, written as "sha256:" and 64 lowercase hex digits.
struct Digest: Sendable, Hashable {
    var a: UInt64
    var b: UInt64
    var c: UInt64
    var d: UInt64

    /// The all-zero digest (a placeholder for events that carry none).
    static let zero = Digest(a: 0, b: 0, c: 0, d: 0)

    /// A fresh random digest.
    static func random(_ rng: inout Xoshiro256) -> Digest {
        Digest(a: rng.next(), b: rng.next(), c: rng.next(), d: rng.next())
    }
}

/// A tag in a compact form, rendered to text only when the event is written.
struct Tag: Sendable, Hashable {
    /// Which family the tag belongs to, and so how the numbers are read.
    var kind: Kind
    /// Kind-specific flags: for versions, bit 0 is the "v" prefix; for dates, the format.
    var flags: UInt8
    /// Version major, or a word index.
    var a: UInt16
    /// Version minor.
    var b: UInt16
    /// Version patch.
    var c: UInt16
    /// Kind-specific number: hash for `sha-…`, day number for dates, PR or build number.
    var x: UInt32

    /// Tag families.
    enum Kind: UInt8, Sendable {
        /// "latest"
        case latest
        /// "v1.4.2"
        case version3
        /// "v1.4"
        case version2
        /// "v1"
        case version1
        /// A word from ``WordLists/wordTags`` ("main", "stable").
        case word
        /// A branch, ``WordLists/branchPrefixes`` `[a]` + ``WordLists/branchTopics`` `[b]`.
        case branch
        /// "sha-" + 7 hex digits of `x`.
        case sha
        /// A date (`x` = days since 1970): "20250314", "2025-03-14" or "nightly-20250314".
        case date
        /// "pr-" + `x`.
        case pullRequest
        /// "build-" + `x`.
        case build
    }

    /// A tag with no numbers.
    init(_ kind: Kind, flags: UInt8 = 0, a: UInt16 = 0, b: UInt16 = 0, c: UInt16 = 0, x: UInt32 = 0) {
        self.kind = kind
        self.flags = flags
        self.a = a
        self.b = b
        self.c = c
        self.x = x
    }

    /// "latest".
    static let latest = Tag(.latest)
}
