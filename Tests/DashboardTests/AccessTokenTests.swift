import Testing
@testable import Dashboard

@Suite struct AccessTokenTests {
    @Test func matchesOnlyTheExactToken() {
        let token = AccessToken("s3cret-token")
        #expect(token.matches("s3cret-token"))
        #expect(!token.matches("s3cret-tokem"))
        #expect(!token.matches("s3cret-token-longer"))
        #expect(!token.matches(""))
        #expect(!token.matches(nil))
        #expect(AccessToken.generate().value.count == 64)
        #expect(AccessToken.generate() != AccessToken.generate())
    }

    @Test func loopbackNeedsNoTokenAnyOtherAddressDoes() throws {
        #expect(AccessToken.isLoopback("127.0.0.1") && AccessToken.isLoopback("::1") && AccessToken.isLoopback("localhost"))
        #expect(!AccessToken.isLoopback("0.0.0.0") && !AccessToken.isLoopback("192.168.1.4"))
        let data = try DashboardData(stores: [])
        #expect(throws: DashboardError.self) { try DashboardServer(data: data, host: "0.0.0.0", port: 0) }
        _ = try DashboardServer(data: data, host: "0.0.0.0", port: 0, token: AccessToken("t"))
    }
}
