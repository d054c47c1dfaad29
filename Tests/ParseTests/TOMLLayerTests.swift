import Foundation
import GleanerParse
import TestSupport
import Testing

/// The TOML layer the configuration and the parser files share: the lines errors name, and
/// what a mistyped value is said to be.
struct TOMLLayerTests {
    @Test func aMistypedParserValueIsNamedWithItsValue() {
        let source = """
            [site]
            name = "x"
            hosts = ["example.com"]
            max_page_bytes = "big"
            """
        let (_, errors) = ParserDefinitionLoader.load(source: source, file: URL(fileURLWithPath: "/p/parser.toml"),
                                                      displayPath: "parser.toml")
        let e = errors.first { $0.keyPath == "site.max_page_bytes" }
        #expect(e?.line == 4)
        #expect(e?.description.contains("expected an integer, found the string \"big\"") == true)
    }

    @Test func aMistakeInTheThirdFixtureNamesTheThirdFixturesLine() throws {
        let dir = try TemporaryDirectory()
        let manifest = """
            [[fixture]]
            file = "a.html"
            url = "http://example.com/a"
            fetched_at = "2025-07-02T06:00:00Z"

            [[fixture]]
            file = "b.html"
            url = "http://example.com/b"
            fetched_at = "2025-07-02T06:00:00Z"

            [[fixture]]
            file = "c.html"
            url = 42
            fetched_at = "2025-07-02T06:00:00Z"
            """
        try manifest.write(to: dir.url.appendingPathComponent(FixtureManifest.fileName), atomically: true, encoding: .utf8)
        #expect { try FixtureManifest.load(parserDirectory: dir.url) } throws: { error in
            guard let errors = (error as? ParserLoadErrors)?.errors else { return false }
            return errors.contains { $0.keyPath == "fixture[2].url" && $0.line == 13 }
        }
    }

    @Test func arrayTablesDottedKeysAndMultilineStrings() {
        let text = """
            [[source]]
            name = "a"
            [source.politeness]
            delay = "1s"
            [[source]]
            note = \"\"\"
            [http]
            delay = "not a key"
            \"\"\"
            seeds = ["http://example.com/"]
            [source.politeness]
            delay = "2s"
            [http.connect_to]
            "example.com:443" = "127.0.0.1:8443"
            [tables."a.b"]
            x.y = 1
            """
        let locator = TOMLLocator(source: text)
        #expect(locator.line(of: "source[0].politeness.delay") == 4)
        #expect(locator.line(of: "source[1].seeds[0]") == 10)
        #expect(locator.line(of: "source[1].politeness.delay") == 12)
        #expect(locator.line(of: "http") == nil)  // `[http]` inside the string is no header
        #expect(locator.line(of: "http.connect_to") == 13)
        #expect(locator.line(of: "http.connect_to.example.com:443") == 14)
        #expect(locator.line(of: "tables.\"a.b\".x.y") == 16)
        #expect(locator.line(of: "tables.\"a.b\".x.z") == 15)  // no line of its own: its table's
        #expect(locator.line(of: "source") == 1)
        #expect(locator.line(of: "nowhere") == nil)
    }
}
