import Foundation
import HubAPI
import TestSupport
import Testing

@Suite struct HubAPITests {
    @Test(arguments: [
        ("https://hub.docker.com", true), ("https://hub.docker.com/", true), ("http://127.0.0.1:8080", true),
        ("http://localhost:1", true), ("http://[::1]:9000", true), ("http://hub.docker.com", false),
        ("http://10.0.0.1", false), ("ftp://x", false), ("hub.docker.com", false),
    ])
    func baseURLs(url: String, accepted: Bool) {
        #expect(((try? HubEndpoint(url)) != nil) == accepted)
    }

    @Test(arguments: [
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
        "authorization=Bearer sekrit-token-value",
        #"{"password":"sekrit-token-value","username":"bob"}"#,
        #"{"token":"sekrit-token-value"}"#,
        "request failed: Bearer sekrit-token-value rejected",
        "https://x/?token=sekrit-token-value&page=2",
    ])
    func redactsSecrets(line: String) {
        let out = Redactor.redact(line)
        #expect(!out.contains("sekrit-token-value"))
        #expect(!out.contains("c2ln"))
        #expect(out.contains(Redactor.mask))
    }

    @Test func credentialsNeverPrintTheirSecret() {
        let c = HubCredentials(identifier: "bob", secret: "sekrit-token-value")
        #expect(!"\(c)".contains("sekrit"))
        #expect(!String(reflecting: c).contains("sekrit"))
        var dumped = ""
        dump(c, to: &dumped)
        #expect(!dumped.contains("sekrit"))
        let token = AccessToken("sekrit.token.value", now: 0)
        #expect(!"\(token)".contains("sekrit"))
    }

    @Test func tokenCacheIsPrivateAndExpires() throws {
        let dir = TemporaryDirectory()
        let cache = TokenCache(storeDirectory: dir.path)
        let now = Int64(Date().timeIntervalSince1970)
        // A JWT whose payload is {"exp": now + 600}.
        let payload = Data(#"{"exp":\#(now + 600)}"#.utf8).base64EncodedString()
            .replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        let token = AccessToken("eyJhbGciOiJub25lIn0.\(payload).sig", now: now)
        #expect(token.expiresAt == now + 600)
        try cache.save(token, hub: "https://hub.docker.com", identifier: "bob")
        let attributes = try FileManager.default.attributesOfItem(atPath: cache.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(cache.load(hub: "https://hub.docker.com", identifier: "bob", now: now) == token)
        #expect(cache.load(hub: "https://hub.docker.com", identifier: "alice", now: now) == nil)
        #expect(cache.load(hub: "http://127.0.0.1:1", identifier: "bob", now: now) == nil)
        #expect(cache.load(hub: "https://hub.docker.com", identifier: "bob", now: now + 600) == nil)
    }

    @Test func backoffGrowsWithJitterUpToTheCap() {
        let policy = RetryPolicy(maxAttempts: 8, baseDelay: 0.5, maxDelay: 8)
        #expect(policy.delay(afterAttempt: 1, random: 0) == 0.25)
        #expect(policy.delay(afterAttempt: 1, random: 1) == 0.5)
        #expect(policy.delay(afterAttempt: 3, random: 1) == 2)
        #expect(policy.delay(afterAttempt: 10, random: 1) == 8)
    }
}
