import Foundation

/// The saved queries a user can run as `@NAME`: the built-in library, plus (and overridden by)
/// the `NAME.hq` files of their own directory.
public enum SavedQueryDirectory {
    /// Every saved query, sorted by name; `userDirectory`'s files replace built-ins of the same name.
    public static func all(userDirectory: String?) throws(SavedQueryError) -> [SavedQuery] {
        var byName: [String: SavedQuery] = [:]
        for q in SavedQuery.library { byName[q.name] = q }
        if let dir = userDirectory {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: dir)
            } catch {
                throw .unreadableDirectory(dir, error.localizedDescription)
            }
            for file in names where file.hasSuffix(".hq") {
                let path = (dir as NSString).appendingPathComponent(file)
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
                let name = String(file.dropLast(3))
                byName[name] = SavedQuery(name: name, text: text)
            }
        }
        return byName.values.sorted { $0.name < $1.name }
    }

    /// Reads `@NAME`, or `@NAME | more stages`: the name, and what follows it (empty, or text
    /// starting with `|`). `nil` when `text` does not start with `@`.
    public static func reference(_ text: String) -> (name: String, stages: String)? {
        guard text.hasPrefix("@") else { return nil }
        let body = text.dropFirst()
        let name = body.prefix { !$0.isWhitespace && $0 != "|" }
        return (String(name), body.dropFirst(name.count).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The query text that `@NAME` or `@NAME | STAGES` stands for: the saved query, then the
    /// stages on a line of their own (so a comment on the saved text's last line ends there).
    /// Throws ``SavedQueryError`` for an unknown name (with the closest one) or for text after the
    /// name that is not stages.
    public static func resolve(_ text: String, userDirectory: String?) throws(SavedQueryError) -> String? {
        guard let (name, stages) = reference(text) else { return nil }
        guard stages.isEmpty || stages.hasPrefix("|") else { throw .notStages(name: name, text: stages) }
        let library = try all(userDirectory: userDirectory)
        guard let saved = library.first(where: { $0.name == name }) else {
            throw .unknownName(name, suggestion: closestName(to: name, in: library))
        }
        return stages.isEmpty ? saved.text : saved.text + "\n" + stages
    }

    /// The saved query's name closest to a mistyped `name` (at most three edits away), for
    /// "did you mean '@…'?".
    public static func closestName(to name: String, in library: [SavedQuery]) -> String? {
        func distance(_ candidate: String) -> Int { Suggestion.distance(Array(candidate), Array(name)) }
        guard let close = library.map(\.name).min(by: { distance($0) < distance($1) }), distance(close) <= 3 else { return nil }
        return close
    }
}

/// A directory of saved queries that cannot be used.
public enum SavedQueryError: Error, CustomStringConvertible, Equatable {
    /// The directory (`--queries DIR`) could not be listed, for `reason`.
    case unreadableDirectory(String, String)
    /// No saved query has this name; the closest one, if any is close.
    case unknownName(String, suggestion: String?)
    /// `@NAME` was followed by something other than `| stages`.
    case notStages(name: String, text: String)

    /// What went wrong, for the user.
    public var description: String {
        switch self {
        case .unreadableDirectory(let dir, let why): "cannot read --queries \(dir): \(why)"
        case .unknownName(let name, let suggestion):
            "no saved query named '\(name)'" + (suggestion.map { " (did you mean '@\($0)'?)" } ?? "") + "; 'hubaudit queries' lists them"
        case .notStages(let name, let text):
            "after @\(name) only stages may follow, starting with '|' (e.g. '@\(name) | count'), found '\(text)'"
        }
    }
}
