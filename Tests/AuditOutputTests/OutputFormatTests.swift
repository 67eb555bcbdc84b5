import AuditOutput
import Testing

@Suite struct OutputFormatTests {
    @Test("a table on a terminal, NDJSON when piped, and a chosen format always wins", arguments: [
        (nil, true, OutputFormat.table), (nil, false, .ndjson), (.csv, true, .csv), (.json, false, .json), (.table, false, .table),
    ] as [(OutputFormat?, Bool, OutputFormat)])
    func resolve(_ chosen: OutputFormat?, _ terminal: Bool, _ expected: OutputFormat) {
        #expect(OutputFormat.resolve(chosen, stdoutIsTerminal: terminal) == expected)
    }

    @Test("a report prints in every format")
    func report() {
        let header = ["action", "description"]
        let rows = [["repo.create", "=created"], ["repo.delete", "gone\u{1B}[2J"]]
        #expect(ReportWriter.render(header: header, rows: rows, format: .ndjson)
            == "{\"action\":\"repo.create\",\"description\":\"=created\"}\n{\"action\":\"repo.delete\",\"description\":\"gone\\u001b[2J\"}\n")
        #expect(ReportWriter.render(header: header, rows: [], format: .json) == "[]\n")
        #expect(ReportWriter.render(header: header, rows: rows, format: .json).hasPrefix("[\n{\"action\":\"repo.create\""))
        #expect(ReportWriter.render(header: header, rows: rows, format: .csv)
            == "action,description\r\nrepo.create,\"'=created\"\r\nrepo.delete,gone\\x1b[2J\r\n")
        #expect(ReportWriter.render(header: header, rows: rows, format: .table)
            == "action       description\nrepo.create  =created\nrepo.delete  gone\\x1b[2J\n")
    }

    @Test("two decimals", arguments: [(3.5, "3.50"), (0, "0.00"), (12.346, "12.35"), (0.05, "0.05"), (-1.5, "-1.50"), (Double.nan, "-")])
    func twoDecimals(_ value: Double, _ text: String) {
        #expect(NumberText.twoDecimals(value) == text)
    }
}
