import AuditModel

/// What the tests look for in output that a person may read.
enum TextChecks {
    /// The hostile scalars (controls, DEL, C1, bidirectional marks) in `text`, line breaks excepted.
    static func hiddenCharacters(in text: String, allowing allowed: Set<Unicode.Scalar> = []) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { ControlCharacters.isHostile($0) && !allowed.contains($0) }
    }
}
