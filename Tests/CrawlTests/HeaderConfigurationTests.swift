import Foundation
import Testing
@testable import GleanerCrawl

/// Configuration values sent as request headers, and the per-source address switch.
@Suite struct HeaderConfigurationTests {
    static func config(http: String, source: String = "") -> String {
        """
        state_dir = "/tmp/g/state"

        [http]
        \(http)

        [[source]]
        name = "home"
        parser = "tvseoul"
        seeds = ["http://www.tvseoul.kr/"]
        \(source)
        """
    }

    @Test(arguments: [
        ("user_agent = \"gleaner/0.1\\r\\nX-Injected: 1\"", "http.user_agent", "\"gleaner/0.1\\r\\nX-Injected: 1\""),
        ("contact = \"https://example.org\\nX-Injected: 1\"", "http.contact", "\"https://example.org\\nX-Injected: 1\""),
        ("contact = \"a\\u0007b\"", "http.contact", "\"a\\u{07}b\""),
    ])
    func aControlCharacterInAHeaderValueIsRefusedWithItsLine(line: String, key: String, shown: String) throws {
        let error = try #require(throws: ConfigurationError.self) { try Configuration.parse(Self.config(http: line), file: "g.toml") }
        #expect(error.problems.map(\.description) == ["g.toml:4: \(key): expected no control characters (CR, LF, ...), found \(shown)"])
    }

    @Test func allowPrivateAddressesIsReadPerSourceAndOffByDefault() throws {
        let off = try Configuration.parse(Self.config(http: "contact = \"https://example.org\""), file: "g.toml")
        #expect(off.sources.first?.allowPrivateAddresses == false)
        let on = try Configuration.parse(Self.config(http: "", source: "allow_private_addresses = true"), file: "g.toml")
        #expect(on.sources.first?.allowPrivateAddresses == true)
    }
}
