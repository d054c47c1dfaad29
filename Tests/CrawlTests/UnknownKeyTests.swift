import Foundation
import GleanerParse
import TestSupport
import Testing
@testable import GleanerCrawl

/// The configuration and the parser files are read by one TOML reader: an unknown key and a
/// wrongly typed value read the same in both, `FILE:LINE: KEY: message`.
@Suite struct UnknownKeyTests {
    let parser = """
        [site]
        name = "x"
        hosts = ["example.com"]

        [pages.home]
        url = '^/$'
        records = ["page"]

        [records.page]
        type = "teaser"
        each = "//a"
        id = { xpath = "@href" }

        [records.page.fields]
        title = "."
        target_url = "@href"
        """

    func configProblems(_ text: String) throws -> [String] {
        let error = try #require(throws: ConfigurationError.self) { try Configuration.parse(text, file: "g.toml") }
        return error.problems.map(\.description)
    }

    func parserProblems(_ text: String) -> [String] {
        let (definition, errors) = ParserDefinitionLoader.load(source: text, file: URL(fileURLWithPath: "/p/parser.toml"),
                                                               displayPath: "parser.toml", types: SampleTypes.catalog)
        #expect(definition == nil)
        return errors.map(\.description)
    }

    @Test func theParserUnderTestLoads() {
        let (definition, errors) = ParserDefinitionLoader.load(source: parser, file: URL(fileURLWithPath: "/p/parser.toml"),
                                                               displayPath: "parser.toml", types: SampleTypes.catalog)
        #expect(errors.isEmpty)
        #expect(definition != nil)
    }

    @Test func aMisspeltKeyGetsADidYouMeanInBothFiles() throws {
        #expect(try configProblems("[http]\nconcurency = 4\n") == [
            "g.toml:2: http.concurency: unknown key 'concurency' (did you mean 'concurrency'?)",
        ])
        #expect(parserProblems(parser.replacingOccurrences(of: "name = \"x\"", with: "name = \"x\"\ntime_zon = \"Asia/Seoul\"")) == [
            "parser.toml:3: site.time_zon: unknown key 'time_zon' (did you mean 'time_zone'?)",
        ])
    }

    @Test func caseDashAndSwappedLetterVariantsAreSuggested() throws {
        #expect(try configProblems("[log]\nLevel = \"info\"\n[[source]]\nname = \"a\"\nparser = \"p\"\nseeds = [\"http://e.org/\"]\nmax-depth = 2\n") == [
            "g.toml:2: log.Level: unknown key 'Level' (did you mean 'level'?)",
            "g.toml:7: source[0].max-depth: unknown key 'max-depth' (did you mean 'max_depth'?)",
        ])
        let edited = parser
            .replacingOccurrences(of: "hosts = [", with: "Max-Page-Bytes = 10\nhosts = [")
            .replacingOccurrences(of: "each = \"//a\"", with: "each = \"//a\"\nreqiured = false")
            .replacingOccurrences(of: "title = \".\"", with: "title = { xpath = \".\", transfroms = [\"trim\"] }")
        #expect(parserProblems(edited) == [
            "parser.toml:3: site.Max-Page-Bytes: unknown key 'Max-Page-Bytes' (did you mean 'max_page_bytes'?)",
            "parser.toml:13: records.page.reqiured: unknown key 'reqiured' (did you mean 'required'?)",
            "parser.toml:17: records.page.fields.title.transfroms: unknown key 'transfroms' (did you mean 'transforms'?)",
        ])
    }

    @Test func aKeyCloseToNothingListsTheKnownKeysInBothFiles() throws {
        #expect(try configProblems("[daemon]\nworkers = 4\n") == [
            "g.toml:2: daemon.workers: unknown key 'workers' (expected one of: backoff_max, parse_workers, shutdown_grace)",
        ])
        #expect(parserProblems(parser.replacingOccurrences(of: "url = '^/$'", with: "url = '^/$'\npriority = 1")) == [
            "parser.toml:7: pages.home.priority: unknown key 'priority' (expected one of: format, links, records, url)",
        ])
    }

    @Test func aTypeMismatchNamesTheKeyAndTheExpectedTypeInBothFiles() throws {
        #expect(try configProblems("[http]\nconcurrency = \"four\"\n") == [
            "g.toml:2: http.concurrency: expected an integer, found the string \"four\"",
        ])
        #expect(parserProblems(parser.replacingOccurrences(of: "hosts = [\"example.com\"]", with: "hosts = [\"example.com\"]\nmax_page_bytes = \"big\"")) == [
            "parser.toml:4: site.max_page_bytes: expected an integer, found the string \"big\"",
        ])
        #expect(try configProblems("[[source]]\nname = \"a\"\nparser = \"p\"\nseeds = \"http://e.org/\"\n") == [
            "g.toml:4: source[0].seeds: expected an array of strings, found the string \"http://e.org/\"",
        ])
        #expect(parserProblems(parser.replacingOccurrences(of: "each = \"//a\"", with: "each = \"//a\"\nrequired = \"yes\"")) == [
            "parser.toml:12: records.page.required: expected true or false, found the string \"yes\"",
        ])
    }
}
