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

    /// What went wrong, for the user.
    public var description: String {
        switch self {
        case .unreadableDirectory(let dir, let why): "cannot read --queries \(dir): \(why)"
        }
    }
}
