import Foundation

/// An HTTP receiver of exported events and how it wants them.
public enum Receiver: Sendable {
    /// Splunk's HTTP Event Collector: `POST …/services/collector/event`, `Authorization: Splunk TOKEN`.
    case splunk(ReceiverURL, token: String)
    /// Elasticsearch or OpenSearch `_bulk` with `create` actions into `index`; the token, if
    /// any, is sent as `Authorization: ApiKey TOKEN`.
    case elastic(ReceiverURL, index: String, token: String?)
    /// ClickHouse's HTTP interface, `INSERT INTO table FORMAT JSONEachRow`; the token, if any,
    /// is sent as `X-ClickHouse-Key`.
    case clickhouse(ReceiverURL, table: String, token: String?)
    /// A Slack- or Teams-style incoming webhook: one `{"text": …}` message per batch.
    case webhook(ReceiverURL)

    /// The URL requests go to.
    var endpoint: String {
        switch self {
        case .splunk(let url, _):
            url.base.hasSuffix("/services/collector/event") ? url.base : url.base + "/services/collector/event"
        case .elastic(let url, _, _): url.base.hasSuffix("/_bulk") ? url.base : url.base + "/_bulk"
        case .clickhouse(let url, let table, _):
            url.base + "/?query=" + ("INSERT INTO \(table) FORMAT JSONEachRow".addingPercentEncoding(withAllowedCharacters: Self.queryCharacters) ?? "")
        case .webhook(let url): url.base
        }
    }

    /// Characters left as they are in ClickHouse's `query` parameter (table names: letters, digits, `_`, `.`).
    private static let queryCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._"))

    /// The request headers (authorisation and content type).
    var headers: [String: String] {
        switch self {
        case .splunk(_, let token): ["Authorization": "Splunk \(token)", "Content-Type": "application/json"]
        case .elastic(_, _, let token):
            ["Content-Type": "application/x-ndjson"].merging(token.map { ["Authorization": "ApiKey \($0)"] } ?? [:]) { a, _ in a }
        case .clickhouse(_, _, let token):
            ["Content-Type": "application/x-ndjson"].merging(token.map { ["X-ClickHouse-Key": $0] } ?? [:]) { a, _ in a }
        case .webhook: ["Content-Type": "application/json"]
        }
    }

    /// `scheme://host:port`, for messages (never a URL's secret parts).
    public var displayURL: String { display }

    /// The receiver's kind (`splunk-hec`, `elastic`, `clickhouse`, `webhook`), which a checkpoint remembers.
    public var kind: String {
        switch self {
        case .splunk: "splunk-hec"
        case .elastic: "elastic"
        case .clickhouse: "clickhouse"
        case .webhook: "webhook"
        }
    }

    var display: String {
        switch self {
        case .splunk(let url, _), .elastic(let url, _, _), .clickhouse(let url, _, _), .webhook(let url): url.display
        }
    }

    /// The row format the receiver takes, when it takes only one.
    public var fixedFormat: ExportFormat? {
        switch self {
        case .splunk: .splunk
        case .clickhouse: .clickhouse
        case .elastic, .webhook: nil
        }
    }
}
