import Foundation

/// Reads an Elasticsearch/OpenSearch `_bulk` answer: one status per item, in request order.
enum BulkResponse {
    struct Item {
        var status: Int
        var reason: String
    }

    static func itemStatuses(_ body: [UInt8], expected: Int, display: String) throws(ExportError) -> [Item] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let items = object["items"] as? [[String: Any]] else {
            throw .rejected("the _bulk answer from \(display) is not a JSON object with 'items'")
        }
        guard items.count == expected else {
            throw .rejected("the _bulk answer from \(display) has \(items.count) items for \(expected) sent")
        }
        return items.map { item in
            let result = (item["create"] ?? item["index"] ?? item.values.first) as? [String: Any] ?? [:]
            let status = (result["status"] as? Int) ?? 0
            var reason = "status \(status)"
            if let error = result["error"] as? [String: Any] {
                reason += ": " + [error["type"] as? String, error["reason"] as? String].compactMap { $0 }.joined(separator: ": ")
            }
            return Item(status: status, reason: WebhookText.neutralise(reason))
        }
    }
}
