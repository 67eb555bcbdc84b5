@testable import AuditExport
import Testing

/// Which format each receiver gets, its default batch, and which table names are accepted.
struct ReceiverChoiceTests {
    static let url = try! ReceiverURL("http://127.0.0.1:9", option: "--test")

    @Test(arguments: [
        // receiver, requested → chosen (nil: a usage error)
        (Receiver?.none, ExportFormat?.none, ExportFormat?.some(.ndjson)),
        (nil, .csv, .csv),
        (.splunk(url, token: "t"), nil, .splunk),
        (.splunk(url, token: "t"), .splunk, .splunk),
        (.splunk(url, token: "t"), .ecs, nil),
        (.clickhouse(url, table: "t", token: nil), nil, .clickhouse),
        (.clickhouse(url, table: "t", token: nil), .ndjson, nil),
        (.elastic(url, index: "i", token: nil), nil, .ecs),
        (.elastic(url, index: "i", token: nil), .ndjson, .ndjson),
        (.webhook(url), nil, .ndjson),
    ])
    func format(receiver: Receiver?, requested: ExportFormat?, chosen: ExportFormat?) {
        let result = Result { () throws(ExportError) -> ExportFormat in try Receiver.format(requested: requested, for: receiver) }
        switch (result, chosen) {
        case (.success(let format), .some(let expected)): #expect(format == expected)
        case (.failure(.usage(let message)), .none): #expect(message.contains("does not go with this receiver"))
        default: Issue.record("\(String(describing: receiver)) with \(String(describing: requested)) gave \(result)")
        }
    }

    @Test func batchesAndTableNames() throws {
        #expect(Receiver.webhook(Self.url).defaultBatchEvents == 20)
        #expect(Receiver.splunk(Self.url, token: "t").defaultBatchEvents == 1000)
        for good in ["hubaudit_events", "audit.events", "t2"] { try Receiver.checkTableName(good) }
        for bad in ["", "x; DROP TABLE y", "a b", "t`", "t'--"] {
            #expect(throws: ExportError.self) { try Receiver.checkTableName(bad) }
        }
    }
}
