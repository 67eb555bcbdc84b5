import Foundation

/// The audit-log actions an organisation's log can contain
/// (`GET /v2/auditlogs/{account}/actions`), grouped as the Hub groups them.
///
/// Action names are an open set: this is what the Hub lists today, not a whitelist.
public struct ActionCatalog: Sendable, Hashable {
    /// One group (`repo`, `org`, …) and its actions.
    public struct Group: Sendable, Hashable {
        /// The group's key, the first part of an event's `action`.
        public var key: String
        /// Its human label ("Repository").
        public var label: String
        /// Its actions.
        public var actions: [Action]
    }

    /// One action.
    public struct Action: Sendable, Hashable {
        /// The full name as events carry it: `GROUP.NAME`, e.g. `repo.tag.push`.
        public var fullName: String
        /// The name inside its group (`tag.push`).
        public var name: String
        /// The Hub's description.
        public var description: String
        /// The Hub's label ("Tag Pushed").
        public var label: String
    }

    /// The groups, sorted by key.
    public var groups: [Group]

    /// Parses the Hub's answer, tolerating missing and unknown members.
    public static func parse(_ data: Data) throws(AuditLogPageParser.Failure) -> ActionCatalog {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw AuditLogPageParser.Failure(reason: "not a JSON object")
        }
        let groups = object["actions"] as? [String: Any] ?? [:]
        var out: [Group] = []
        for (key, value) in groups {
            let group = value as? [String: Any] ?? [:]
            let actions = (group["actions"] as? [[String: Any]] ?? []).map { a -> Action in
                let name = a["name"] as? String ?? ""
                return Action(fullName: key + "." + name, name: name, description: a["description"] as? String ?? "",
                              label: a["label"] as? String ?? "")
            }
            out.append(Group(key: key, label: group["label"] as? String ?? key, actions: actions))
        }
        return ActionCatalog(groups: out.sorted { $0.key < $1.key })
    }
}
