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
        let e = errors.first { $0.key == "site.max_page_bytes" }
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
            return errors.contains { $0.key == "fixture[2].url" && $0.line == 13 }
        }
    }

    @Test func aFixtureManifestNamesAnUnknownKeyWithTheClosestKnownOne() throws {
        let dir = try TemporaryDirectory()
        try "<html></html>".write(to: dir.url.appendingPathComponent("a.html"), atomically: true, encoding: .utf8)
        let manifest = """
            [[fixture]]
            file = "a.html"
            url = "http://example.com/a"
            fetchd_at = "2025-07-02T06:00:00Z"
            """
        try manifest.write(to: dir.url.appendingPathComponent(FixtureManifest.fileName), atomically: true, encoding: .utf8)
        let path = dir.url.appendingPathComponent(FixtureManifest.fileName).path
        #expect { try FixtureManifest.load(parserDirectory: dir.url) } throws: { error in
            (error as? ParserLoadErrors)?.errors.map(\.description) == [
                "\(path):1: fixture[0].fetched_at: missing; expected a string",
                "\(path):4: fixture[0].fetchd_at: unknown key 'fetchd_at' (did you mean 'fetched_at'?)",
            ]
        }
    }

    @Test func spellingSuggestsOnlyCloseNames() {
        let keys = ["id", "name", "max_pages", "max_depth", "time_zone"]
        #expect(Spelling.suggestion(for: "nmae", among: keys) == "name")  // swapped letters: one edit
        #expect(Spelling.suggestion(for: "max_page", among: keys) == "max_pages")
        #expect(Spelling.suggestion(for: "MAX-DEPTH", among: keys) == "max_depth")
        #expect(Spelling.suggestion(for: "timezone", among: keys) == "time_zone")
        #expect(Spelling.suggestion(for: "x", among: keys) == nil)  // two edits from `id`, but nothing of it is left
        #expect(Spelling.suggestion(for: "colour", among: keys) == nil)
        #expect(Spelling.suggestion(for: "max_pagesxyz", among: keys) == nil)  // three edits
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
