import HubAPI
import Testing

/// The credential rules of `sync` and `actions`: options, environment, standard input, 2FA.
struct CredentialSourceTests {
    @Test(arguments: [
        // username option, stdin flag, environment, standard input → identifier or error
        (nil as String?, false, [:] as [String: String], "", nil as String?, nil as CredentialError?),
        (nil, false, ["HUBAUDIT_USERNAME": "alice", "HUBAUDIT_TOKEN": "t0k"], "", "alice", nil),
        ("bob", false, ["HUBAUDIT_USERNAME": "alice", "HUBAUDIT_TOKEN": "t0k"], "", "bob", nil),
        (nil, false, ["HUBAUDIT_TOKEN": "t0k"], "", nil, .secretWithoutUser),
        (nil, false, ["HUBAUDIT_USERNAME": "alice", "HUBAUDIT_TOKEN": ""], "", nil, nil),
        ("bob", true, ["HUBAUDIT_TOKEN": "ignored"], "  piped-token\n", "bob", nil),
        ("bob", true, [:], " \n", nil, .emptyStandardInput),
        (nil, true, [:], "piped-token", nil, .secretWithoutUser),
    ])
    func resolves(username: String?, stdin: Bool, environment: [String: String], input: String,
                  identifier: String?, error: CredentialError?) throws {
        let source = CredentialSource(username: username, passwordFromStandardInput: stdin, otp: nil)
        if let error {
            #expect(throws: error) { try source.credentials(environment: environment, readStandardInput: { input }, prompt: nil) }
            return
        }
        let credentials = try source.credentials(environment: environment, readStandardInput: { input }, prompt: nil)
        #expect(credentials?.identifier == identifier)
        // The secret never shows in what may be printed.
        #expect(!(credentials.map { "\($0)" } ?? "").contains("t0k"))
        #expect(!(credentials.map { "\($0)" } ?? "").contains("piped-token"))
    }

    @Test func twoFactorCodeComesFromTheOptionElseThePromptButNeverWhenStdinHoldsTheSecret() async throws {
        let environment = ["HUBAUDIT_USERNAME": "alice", "HUBAUDIT_TOKEN": "t0k"]
        let fromOption = try CredentialSource(username: nil, passwordFromStandardInput: false, otp: "123456")
            .credentials(environment: environment, readStandardInput: { "" }, prompt: { _ in "999999" })
        #expect(await fromOption?.secondFactor() == "123456")
        let prompted = try CredentialSource(username: nil, passwordFromStandardInput: false, otp: nil)
            .credentials(environment: environment, readStandardInput: { "" }, prompt: { user in user == "alice" ? "654321" : nil })
        #expect(await prompted?.secondFactor() == "654321")
        let piped = try CredentialSource(username: "alice", passwordFromStandardInput: true, otp: nil)
            .credentials(environment: [:], readStandardInput: { "t0k" }, prompt: { _ in "654321" })
        #expect(await piped?.secondFactor() == nil)
    }
}
