import AuditModel
import AuditOutput
import Foundation
import Testing

@Suite struct JSONObjectTests {
    @Test("hostile strings stay valid JSON, every control as a \\u escape, and decode to themselves", arguments: HostileCase.all)
    func hostile(_ c: HostileCase) throws {
        var o = JSONObject()
        o.add("v", c.raw)
        let text = o.text
        #expect(TextChecks.hiddenCharacters(in: text).isEmpty, "\(text)")
        let decoded = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
        #expect(decoded?["v"] == c.raw)
    }

    @Test("members keep their order; nil and non-finite numbers are null")
    func members() {
        var o = JSONObject()
        o.add("s", "x\"y")
        o.add("n", 3)
        o.add("d", Double.nan)
        o.add("b", true)
        o.add("none", nil as String?)
        var inner = JSONObject()
        inner.add("k", "v")
        o.add("list", [inner])
        #expect(o.text == #"{"s":"x\"y","n":3,"d":null,"b":true,"none":null,"list":[{"k":"v"}]}"#)
    }

    @Test("the canonical encoding is untouched: DEL and C1 stay raw there, escaped in display-safe output")
    func canonicalUntouched() {
        var canonical: [UInt8] = []
        CanonicalJSON.appendString("a\u{7F}\u{9B}\u{202E}", to: &canonical)
        #expect(String(decoding: canonical, as: UTF8.self) == "\"a\u{7F}\u{9B}\u{202E}\"")
        var safe: [UInt8] = []
        CanonicalJSON.appendDisplaySafeString("a\u{7F}\u{9B}\u{202E}\u{1B}", to: &safe)
        #expect(String(decoding: safe, as: UTF8.self) == #""a\u007f\u009b\u202e\u001b""#)
    }
}
