@testable import AuditModel
import Testing

/// The canonical encoding's static key text agrees with ``SchemaField``, the names' one home,
/// and the two string styles differ only where a terminal needs them to.
@Suite struct CanonicalJSONTests {
    @Test("each key's static text is its SchemaField raw value, quoted, after '{' or ','", arguments: SchemaField.allCases)
    func keyText(field: SchemaField) {
        let lead = field == .account ? "{" : ","
        #expect(CanonicalJSON.keyText(field).description == "\(lead)\"\(field.rawValue)\":")
    }

    @Test("the display-safe encoding escapes bidi and C1 controls; the canonical one keeps the bytes")
    func displaySafe() throws {
        let event = AuditEvent(account: "acme", action: "repo.create", name: "acme/a\u{202E}b", actor: "eve\u{9B}",
                               data: [DataField(key: "k", value: "v\u{200F}")], timestamp: Timestamp(seconds: 0),
                               actionDescription: "d", extras: [])
        var canonical: [UInt8] = [], safe: [UInt8] = []
        CanonicalJSON.appendEvent(event, to: &canonical)
        CanonicalJSON.appendEvent(event, to: &safe, displaySafe: true)
        let text = String(decoding: canonical, as: UTF8.self)
        #expect(text == #"{"account":"acme","action":"repo.create","name":"acme/a\#u{202E}b","actor":"eve\#u{9B}","data":{"k":"v\#u{200F}"},"timestamp":"1970-01-01T00:00:00Z","action_description":"d"}"#)
        #expect(canonical.count == CanonicalJSON.encodedLength(event))
        #expect(String(decoding: safe, as: UTF8.self) == #"{"account":"acme","action":"repo.create","name":"acme/a\u202eb","actor":"eve\u009b","data":{"k":"v\u200f"},"timestamp":"1970-01-01T00:00:00Z","action_description":"d"}"#)
        #expect(try EventDecoder.decode(String(decoding: safe, as: UTF8.self)) == event)
    }
}
