/// What the generator remembers about one repository while it generates: how it tags its images,
/// its current version, its privacy, and its last pushed image.
///
/// This is what makes tags evolve plausibly (v1.4.2 → v1.4.3 → v1.5.0) and lets a later push
/// promote an existing image (same digest) to "stable" or "prod".
struct RepositoryState: Sendable {
    /// How the repository's CI tags images.
    enum Style: UInt8, Sendable {
        /// Semantic-version releases, often with the shorter aliases and "latest"; the builds in
        /// between are tagged like ``branch`` builds.
        case semver
        /// Branch names ("main", "feature-login") and "sha-1a2b3c4".
        case branch
        /// Dated nightly builds.
        case dated
        /// Only "latest" (sometimes with a "sha-…" or build number).
        case latestOnly
    }

    var style: Style
    /// Whether versions are written "v1.2.3" rather than "1.2.3".
    var vPrefix: Bool
    /// Whether the repository is private now (toggled by privacy changes).
    var isPrivate: Bool
    /// Whether ``lastDigest`` holds a pushed image.
    var hasDigest: Bool
    var major: UInt16
    var minor: UInt16
    var patch: UInt16
    /// How many builds the repository has had ("build-N" tags).
    var builds: UInt32
    /// The most recently pushed image.
    var lastDigest: Digest

    /// A repository with a random style and starting version.
    init(rng: inout Xoshiro256) {
        let u = rng.int(100)
        style = u < 45 ? .semver : u < 75 ? .branch : u < 85 ? .dated : .latestOnly
        vPrefix = rng.chance(0.6)
        isPrivate = rng.chance(0.8)
        hasDigest = false
        major = UInt16(rng.int(in: 0...4))
        minor = UInt16(rng.int(in: 0...20))
        patch = UInt16(rng.int(in: 0...12))
        builds = UInt32(rng.int(in: 1...3000))
        lastDigest = .zero
    }

    /// Advances the version for a new release: mostly a patch, sometimes a minor, rarely a major
    /// (rarely enough that even the busiest repository stays at plausible major versions).
    mutating func bump(_ rng: inout Xoshiro256) {
        let u = rng.int(1000)
        if u < 870 {
            patch &+= 1
        } else if u < 999 {
            minor &+= 1
            patch = 0
        } else {
            major &+= 1
            minor = 0
            patch = 0
        }
    }
}
