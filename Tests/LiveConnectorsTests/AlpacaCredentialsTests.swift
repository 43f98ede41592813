import Testing
@testable import LiveConnectors

@Suite struct AlpacaCredentialsTests {
    let credentials = AlpacaCredentials(keyID: "PKABCDEFGH1234", secretKey: "very-secret-value-987")

    @Test func printsOnlyTheRedactedKey() {
        #expect(credentials.description == "AlpacaCredentials(key: ****1234)")
        #expect(String(reflecting: credentials) == "AlpacaCredentials(key: ****1234)")
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in [credentials.description, credentials.debugDescription, "\(credentials)", dumped, String(describing: [credentials])] {
            #expect(!text.contains("very-secret-value-987"))
            #expect(!text.contains("PKABCDEFGH"))
        }
        #expect(AlpacaCredentials(keyID: "abc", secretKey: "x").description == "AlpacaCredentials(key: ****)")
    }

    @Test func readsAlpacasEnvironmentVariables() {
        let environment = ["APCA_API_KEY_ID": "PKABCDEFGH1234", "APCA_API_SECRET_KEY": "very-secret-value-987"]
        #expect(AlpacaCredentials(environment: environment) == credentials)
        #expect(AlpacaCredentials(environment: [:]) == nil)
        #expect(AlpacaCredentials(environment: ["APCA_API_KEY_ID": "PKABCDEFGH1234"]) == nil)
        #expect(AlpacaCredentials(environment: ["APCA_API_KEY_ID": "PKABCDEFGH1234", "APCA_API_SECRET_KEY": "  "]) == nil)
    }

    @Test func redactsEchoedCredentials() {
        let text = credentials.redact("server said: key PKABCDEFGH1234 secret very-secret-value-987")
        #expect(text == "server said: key ****1234 secret ****")
    }
}
