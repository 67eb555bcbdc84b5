/// The ECS `event.category` and `event.type` of a Docker Hub action, by action family: team,
/// member and access changes are identity and access management (`iam`), repository and
/// settings changes are `configuration`; an action hubaudit does not know is still exported,
/// as `api` / `info`.
struct ECSCategory: Sendable, Hashable {
    var category: String
    var types: [String]

    init(action: String) {
        let verb = action.utf8.lastIndex(of: UInt8(ascii: ".")).map { action[action.index(after: $0)...] } ?? action[...]
        let change: String
        switch verb {
        case "create", "add", "invite": change = "creation"
        case "delete", "remove": change = "deletion"
        default: change = "change"
        }
        if action.hasPrefix("team.") {
            category = "iam"
            types = action.hasPrefix("team.member.") ? ["user", "group", change] : ["group", change]
        } else if Self.isMember(action) {
            category = "iam"
            types = ["user", change]
        } else if action.hasPrefix("org.access_token.") || action.hasPrefix("access_token.") {
            category = "iam"
            types = [change]
        } else if action.hasPrefix("repo.") || action.hasPrefix("org.settings.") || action.hasPrefix("settings.") {
            category = "configuration"
            types = [change]
        } else {
            category = "api"
            types = ["info"]
        }
    }

    /// Whether the action is about a member (its `user.target.name` is the member).
    static func isMember(_ action: String) -> Bool {
        action.hasPrefix("org.member.") || action.hasPrefix("member.") || action.hasPrefix("team.member.")
    }
}
