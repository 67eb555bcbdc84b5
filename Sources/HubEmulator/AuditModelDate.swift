import AuditModel

/// Calendar help for HTTP dates, from the model's civil-date arithmetic.
enum AuditModelDate {
    static func civil(_ days: Int64) -> (year: Int64, month: Int, day: Int) {
        Timestamp.civilFromDays(days)
    }
}
