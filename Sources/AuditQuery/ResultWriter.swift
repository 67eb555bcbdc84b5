import AuditModel
import AuditOutput

/// Formats an answer as `table`, `ndjson`, `json` or `csv` and hands the bytes to `write`.
///
/// NDJSON, JSON and CSV stream (events are written as they come); a table collects its rows
/// (at most `maxRows`) to align them. Tables and CSV are drawn by AuditOutput's
/// ``TableRenderer`` and ``CSVWriter``, JSON strings escaped display-safe (controls, DEL and
/// bidirectional marks as `\u` escapes), since events carry text written by others.
public final class ResultWriter: ResultSink {
    private let format: OutputFormat
    private let style: TableStyle
    private let write: ([UInt8]) throws -> Void
    private var buffer: [UInt8] = []
    private var fields: [QueryField]?
    private var columns: [ResultColumn] = []
    private var isEvents = true
    private var first = true
    private var tableHeader: [String] = []
    private var tableRows: [[String]] = []
    private var rightAligned = Set<Int>()
    /// Table columns holding times, which are cut only when nothing else can give way.
    private var keepWhole = Set<Int>()
    private var hiddenRows = 0

    /// Creates a writer; `write` receives chunks of output (about 1 MiB at a time, and at the end).
    public init(format: OutputFormat, style: TableStyle = TableStyle(), write: @escaping ([UInt8]) throws -> Void) {
        self.format = format
        self.style = style
        self.write = write
        buffer.reserveCapacity(1 << 16)
    }

    /// The Docker Hub name of a field other than a data key, as NDJSON events use it.
    static func hubName(_ field: QueryField) -> String {
        if field == .time { return SchemaField.timestamp.rawValue }
        return field.eventField?.schemaField.rawValue ?? field.description
    }

    private func flushIfLarge() throws {
        if buffer.count >= 1 << 20 {
            try write(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Starts an event answer: the JSON array, the CSV header or the table's header.
    public func beginEvents(fields: [QueryField]?) throws {
        self.fields = fields
        isEvents = true
        switch format {
        case .json: buffer.append(contentsOf: "[".utf8)
        case .csv:
            let header = fields.map { $0.map(\.description) } ?? AuditEvent.schemaFields
            appendCSV(header)
        case .table:
            tableHeader = fields.map { $0.map(\.description) } ?? QueryField.eventColumns.map(\.description)
            keepWhole = Set(tableHeader.indices.filter { tableHeader[$0] == QueryField.time.description })
        case .ndjson: break
        }
    }

    /// Writes (or, for a table, collects) one event.
    public func event(_ event: AuditEvent) throws {
        switch format {
        case .ndjson:
            appendEventJSON(event)
            buffer.append(0x0A)
        case .json:
            buffer.append(contentsOf: (first ? "\n" : ",\n").utf8)
            appendEventJSON(event)
        case .csv:
            if let fields {
                appendCSV(fields.map { Self.text($0, of: event) ?? "" })
            } else {
                let data = event.data.map { d in
                    var o = JSONObject()
                    for f in d { o.add(f.key, f.value) }
                    return o.text
                } ?? ""
                appendCSV([event.account, event.action, event.name ?? "", event.actor, data, event.timestamp.description,
                           event.actionDescription ?? ""])
            }
        case .table:
            let cells = (fields ?? [.time, .account, .action, .actor, .name, .description]).map { Self.text($0, of: event) ?? "" }
            addTableRow(cells)
        }
        first = false
        try flushIfLarge()
    }

    /// Starts a row answer with its columns.
    public func beginRows(columns: [ResultColumn]) throws {
        self.columns = columns
        isEvents = false
        switch format {
        case .json: buffer.append(contentsOf: "[".utf8)
        case .csv: appendCSV(columns.map(\.name))
        case .table:
            tableHeader = columns.map(\.name)
            rightAligned = Set(columns.indices.filter { columns[$0].type == .count })
            keepWhole = Set(columns.indices.filter { columns[$0].type == .time })
        case .ndjson: break
        }
    }

    /// Writes (or, for a table, collects) one row.
    public func row(_ values: [Value]) throws {
        switch format {
        case .ndjson:
            appendRowJSON(values)
            buffer.append(0x0A)
        case .json:
            buffer.append(contentsOf: (first ? "\n" : ",\n").utf8)
            appendRowJSON(values)
        case .csv: appendCSV(values.map(\.description))
        case .table: addTableRow(values.map(\.description))
        }
        first = false
        try flushIfLarge()
    }

    /// Closes the JSON array or draws the table, and hands over the last bytes.
    public func finish() throws {
        switch format {
        case .json: buffer.append(contentsOf: (first ? "]\n" : "\n]\n").utf8)
        case .table:
            let footer = hiddenRows > 0
                ? "… \(hiddenRows) more row\(hiddenRows == 1 ? "" : "s"): --max-rows 0 shows every row (or --format csv or ndjson)" : nil
            buffer.append(contentsOf: TableRenderer.render(header: tableHeader, rows: tableRows, rightAligned: rightAligned,
                                                           keepWhole: keepWhole, style: style, footer: footer).utf8)
        default: break
        }
        if !buffer.isEmpty { try write(buffer) }
        buffer.removeAll()
    }

    private func addTableRow(_ cells: [String]) {
        if let max = style.maxRows, tableRows.count >= max {
            hiddenRows += 1
        } else {
            tableRows.append(cells)
        }
    }

    /// A field of an event as text (`nil` when absent).
    static func text(_ field: QueryField, of event: AuditEvent) -> String? {
        field.text(of: event)
    }

    private func appendEventJSON(_ event: AuditEvent) {
        guard let fields else {
            CanonicalJSON.appendEvent(event, to: &buffer, displaySafe: true)
            return
        }
        // Reduced events keep the Hub's names; data keys stay inside a "data" object.
        buffer.append(UInt8(ascii: "{"))
        var wroteData = false
        var firstMember = true
        func key(_ k: String) {
            if !firstMember { buffer.append(UInt8(ascii: ",")) }
            firstMember = false
            CanonicalJSON.appendDisplaySafeString(k, to: &buffer)
            buffer.append(UInt8(ascii: ":"))
        }
        for field in fields {
            if case .data = field {
                if wroteData { continue }
                wroteData = true
                key(SchemaField.data.rawValue)
                buffer.append(UInt8(ascii: "{"))
                var firstData = true
                for f in fields {
                    guard case .data(let k) = f else { continue }
                    if !firstData { buffer.append(UInt8(ascii: ",")) }
                    firstData = false
                    CanonicalJSON.appendDisplaySafeString(k, to: &buffer)
                    buffer.append(UInt8(ascii: ":"))
                    if let v = event.dataValue(k) { CanonicalJSON.appendDisplaySafeString(v, to: &buffer) } else { buffer.append(contentsOf: "null".utf8) }
                }
                buffer.append(UInt8(ascii: "}"))
                continue
            }
            key(Self.hubName(field))
            if let v = Self.text(field, of: event) { CanonicalJSON.appendDisplaySafeString(v, to: &buffer) } else { buffer.append(contentsOf: "null".utf8) }
        }
        buffer.append(UInt8(ascii: "}"))
    }

    private func appendRowJSON(_ values: [Value]) {
        buffer.append(UInt8(ascii: "{"))
        for (i, column) in columns.enumerated() {
            if i > 0 { buffer.append(UInt8(ascii: ",")) }
            CanonicalJSON.appendDisplaySafeString(column.name, to: &buffer)
            buffer.append(UInt8(ascii: ":"))
            switch i < values.count ? values[i] : .null {
            case .null: buffer.append(contentsOf: "null".utf8)
            case .int(let n): buffer.append(contentsOf: String(n).utf8)
            case .string(let s): CanonicalJSON.appendDisplaySafeString(s, to: &buffer)
            case .time(let t): CanonicalJSON.appendDisplaySafeString(t.description, to: &buffer)
            }
        }
        buffer.append(UInt8(ascii: "}"))
    }

    private func appendCSV(_ cells: [String]) {
        CSVWriter.appendRow(cells, to: &buffer)
    }
}
