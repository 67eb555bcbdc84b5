import AuditModel
import Foundation

/// The parameters of one `GET /v2/auditlogs/{account}` request.
public struct AuditLogQuery: Sendable, Hashable {
    /// The organisation (namespace).
    public var account: String
    /// Events at or after this time (`from`).
    public var from: Timestamp?
    /// Events before this time (`to`; the real Hub's inclusiveness is not documented, so callers
    /// should filter the answer themselves).
    public var to: Timestamp?
    /// The page, from 1.
    public var page: Int
    /// Events per page; the Hub's default is 25 and its cap 100.
    public var pageSize: Int
    /// Only this action (`repo.tag.push`).
    public var action: String?
    /// Only events by this user.
    public var actor: String?
    /// Only events about this repository, organisation or member.
    public var name: String?

    /// The largest page the Hub serves.
    public static let maximumPageSize = 100

    /// Creates a query.
    public init(
        account: String, from: Timestamp? = nil, to: Timestamp? = nil, page: Int = 1,
        pageSize: Int = AuditLogQuery.maximumPageSize, action: String? = nil, actor: String? = nil, name: String? = nil
    ) {
        self.account = account
        self.from = from
        self.to = to
        self.page = page
        self.pageSize = pageSize
        self.action = action
        self.actor = actor
        self.name = name
    }

    var path: String {
        "/v2/auditlogs/" + (account.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? account)
    }

    var queryItems: [URLQueryItem] {
        var items: [URLQueryItem] = []
        if let from { items.append(URLQueryItem(name: "from", value: from.description)) }
        if let to { items.append(URLQueryItem(name: "to", value: to.description)) }
        if let action { items.append(URLQueryItem(name: "action", value: action)) }
        if let actor { items.append(URLQueryItem(name: "actor", value: actor)) }
        if let name { items.append(URLQueryItem(name: "name", value: name)) }
        items.append(URLQueryItem(name: "page", value: String(page)))
        items.append(URLQueryItem(name: "page_size", value: String(pageSize)))
        return items
    }
}

/// One page of audit events, newest first, as the Hub returned it.
public struct AuditLogPage: Sendable {
    /// The events, in the Hub's order (newest first).
    public var events: [AuditEvent]
    /// The page size asked for; a page with fewer events is the last.
    public var pageSize: Int

    /// Whether this is the last page (fewer events than asked for).
    public var isLast: Bool { events.count < pageSize }
}
