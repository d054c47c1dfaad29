import Foundation
import GleanerModel
import GleanerParse
import Testing
import TestSupport
@testable import GleanerCrawl

@Suite struct ConfigurationTests {
    let sample = """
        state_dir = "/tmp/g/state"
        parser_dirs = ["Parsers"]

        [http]
        user_agent = "gleaner/0.1"
        contact = "https://example.org/bot"
        connect_to = { "www.tvseoul.kr:80" = "127.0.0.1:8089" }

        [[source]]
        name = "home"
        parser = "tvseoul"
        seeds = ["http://www.tvseoul.kr/"]
        every = "10m"

        [[source]]
        name = "sections"
        parser = "tvseoul"
        seeds = ["http://www.tvseoul.kr/news/section_list_all.html?sec_no=11"]
        every = "30m"
        jitter = "2m"
        max_pages = 50
        emit = ["article", "teaser"]
        revisit = ["2h"]

        [source.politeness]
        delay = "3s"
        """

    @Test func readsValuesAndKeepsDocumentedDefaults() throws {
        let c = try Configuration.parse(sample, file: "g.toml")
        #expect(c.stateDirectory == "/tmp/g/state")
        #expect(c.outputDirectory == "/tmp/g/state/out")
        #expect(c.http.userAgentHeader == "gleaner/0.1 (+https://example.org/bot)")
        #expect(c.http.connectTo == ["www.tvseoul.kr:80": "127.0.0.1:8089"])
        #expect(c.http.timeout == .seconds(30))
        #expect(c.sources.map(\.name) == ["home", "sections"])
        let home = c.sources[0]
        #expect(home.every == .minutes(10))
        #expect(home.jitter == .minutes(1))
        #expect(home.revisit == [.hours(1), .hours(24)])
        #expect(home.emit == nil, "every type the parser yields")
        #expect(home.seedOnly == nil, "the types declared seed_only")
        #expect(home.politeness.delay == .seconds(1))
        let sections = c.sources[1]
        #expect(sections.jitter == .minutes(2))
        #expect(sections.maxPages == 50)
        #expect(sections.emit == [.article, .teaser])
        #expect(sections.revisit == [.hours(2)])
        #expect(sections.seedOnly == nil)
        #expect(sections.politeness.delay == .seconds(3))
    }

    @Test func pathsAndCommandLineOverrides() throws {
        var c = try Configuration.parse("state_dir = \"/srv/g\"\nmetrics_file = \"metrics/g.prom\"\n")
        #expect(c.outputDirectory == "/srv/g/out")
        #expect(c.metricsPath == "/srv/g/metrics/g.prom")
        c.apply(CrawlSetup.Overrides(stateDirectory: "var/state", connectTo: ["www.tvseoul.kr:80": "127.0.0.1:9"]))
        #expect(c.outputDirectory == "var/state/out")
        #expect(c.metricsPath == "var/state/metrics/g.prom")
        #expect(c.fetcherSettings.http.connectTo == ["www.tvseoul.kr:80:127.0.0.1:9"])
        #expect(try Configuration.parse("metrics_file = \"/abs/g.prom\"").metricsPath == "/abs/g.prom")
        let daily = try Configuration.parse("[output]\nrotate = \"day\"\ngzip = true\nmax_file_size = \"1MiB\"\n").outputSettings
        #expect(daily.rotation == .day && daily.compressSealed && daily.maxFileBytes == 1 << 20)
    }

    @Test func unknownKeyNamesFileLineAndKey() throws {
        let text = sample.replacingOccurrences(of: "max_pages = 50", with: "max_pagez = 50")
        let error = try #require(throws: ConfigurationError.self) { try Configuration.parse(text, file: "g.toml") }
        #expect(error.problems.count == 1)
        let p = try #require(error.problems.first)
        #expect(p.file == "g.toml")
        #expect(p.key == "source[1].max_pagez")
        #expect(p.line == 21)
        #expect(p.description.hasPrefix("g.toml:21: source[1].max_pagez: unknown key"))
    }

    @Test func wrongTypeSaysWhatWasExpected() throws {
        let text = sample.replacingOccurrences(of: "max_pages = 50", with: "max_pages = \"fifty\"")
        let error = try #require(throws: ConfigurationError.self) { try Configuration.parse(text, file: "g.toml") }
        #expect(error.problems.map(\.description) == [
            "g.toml:21: source[1].max_pages: expected an integer, found the string \"fifty\""
        ])
    }

    @Test func badDurationAndNestedTableKeyAreLocated() throws {
        let text = sample
            .replacingOccurrences(of: "every = \"10m\"", with: "every = \"10\"")
            .replacingOccurrences(of: "delay = \"3s\"", with: "delai = \"3s\"")
        let error = try #require(throws: ConfigurationError.self) { try Configuration.parse(text, file: "g.toml") }
        let byKey = Dictionary(uniqueKeysWithValues: error.problems.map { ($0.key, $0) })
        #expect(byKey["source[0].every"]?.line == 13)
        #expect(byKey["source[0].every"]?.message.contains("expected a duration") == true)
        #expect(byKey["source[1].politeness.delai"]?.line == 26)
        #expect(error.problems.count == 2)
    }

    @Test func limitsAreReadAndCheckedWithTheirKeys() throws {
        #expect(try Configuration.parse(sample, file: "g.toml").limits == .standard)
        let c = try Configuration.parse("[limits]\nparse_time = \"2s\"\nnodes = 500\nattributes_per_element = 20\n"
            + "xpath_steps = 9\nregex_steps = 8\nvalues = 7\nrecords = 6\n", file: "g.toml")
        #expect(c.limits.seconds == 2)
        let amounts: [Int] = [c.limits.nodes, c.limits.attributesPerElement, c.limits.xpathSteps, c.limits.regexSteps,
                              c.limits.values, c.limits.records]
        #expect(amounts == [500, 20, 9, 8, 7, 6])
        let error = try #require(throws: ConfigurationError.self) {
            try Configuration.parse("[limits]\nnodes = 0\nparse_time = \"0s\"\nnode = 5\n", file: "g.toml")
        }
        #expect(error.problems.map(\.description).sorted() == [
            "g.toml:2: limits.nodes: expected an integer from 1 to 1000000000, found 0",
            #"g.toml:3: limits.parse_time: expected a duration from 1ms to 1h, found "0s""#,
            "g.toml:4: limits.node: unknown key 'node' (did you mean 'nodes'?)",
        ].sorted())
    }

    @Test func syntaxErrorCarriesLine() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try Configuration.parse("state_dir = \"x\"\n[http\nuser_agent = 1\n", file: "bad.toml")
        }
        #expect(error.problems.first?.line == 2)
        #expect(error.problems.first?.message.contains("TOML syntax error") == true)
    }

    @Test func sourceChecksNamesSeedsAndRequiredKeys() throws {
        let text = """
            [[source]]
            name = "a"
            parser = "tvseoul"
            seeds = ["ftp://x/", "/relative"]

            [[source]]
            name = "a"
            parser = "tvseoul"
            seeds = ["http://www.tvseoul.kr/"]
            emit = ["article", "Video"]

            [[source]]
            seeds = ["http://www.tvseoul.kr/"]
            """
        let error = try #require(throws: ConfigurationError.self) { try Configuration.parse(text, file: "s.toml") }
        let lines = error.problems.map { "\($0.line ?? 0) \($0.key)" }.sorted()
        #expect(lines == [
            "10 source[1].emit[1]", "12 source[2].name", "12 source[2].parser",
            "4 source[0].seeds[0]", "4 source[0].seeds[1]", "7 source[1].name",
        ].sorted())
    }

    @Test func parserValidationNamesUnknownParserAndForeignSeed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gleaner-config-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("g.toml").path
        let text = sample
            .replacingOccurrences(of: "seeds = [\"http://www.tvseoul.kr/\"]", with: "seeds = [\"http://example.com/\"]")
            .replacingOccurrences(of: "name = \"sections\"\nparser = \"tvseoul\"", with: "name = \"sections\"\nparser = \"nosuch\"")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let config = try Configuration.load(file: file)
        let registry = try ParserRegistry.load(directories: [repositoryRoot().appendingPathComponent("Parsers")])
        let problems = config.sourceProblems(against: registry)
        #expect(problems.map { "\($0.line ?? 0) \($0.key)" } == ["12 source[0].seeds[0]", "17 source[1].parser"])
        #expect(problems[0].message.contains("example.com is not one of parser tvseoul's hosts"))
        #expect(problems[1].message.contains("unknown parser \"nosuch\""))
        // A parser that did not load disables its sources: not a problem of the configuration.
        #expect(config.sourceProblems(against: registry, unavailable: ["nosuch"]).map(\.key) == ["source[0].seeds[0]"])
    }

    /// Any type name is valid in the file; whether the source's parser yields it is checked against
    /// the parser, naming the key and what the parser does yield.
    @Test func emitAndSeedOnlyNameTypesTheParserYields() throws {
        let dir = try TemporaryDirectory()
        let file = dir.path + "/g.toml"
        try sample.replacingOccurrences(of: "emit = [\"article\", \"teaser\"]", with: "emit = [\"article\", \"video\"]\nseed_only = [\"weather\", \"exchange_rate\"]")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let config = try Configuration.load(file: file)
        #expect(config.sources[1].emit == ["article", "video"])
        let registry = try ParserRegistry.load(directories: [repositoryRoot().appendingPathComponent("Parsers")])
        let problems = config.sourceProblems(against: registry).map(\.description)
        #expect(problems == [
            "\(file):22: source[1].emit[1]: parser tvseoul yields no video records (it yields: article, teaser, weather)",
            "\(file):23: source[1].seed_only[1]: parser tvseoul yields no exchange_rate records (it yields: article, teaser, weather)",
        ])
    }

    @Test func aSeedThatNoPageKindMatchesIsAProblemNamingItsKey() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gleaner-config-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("g.toml").path
        try sample.replacingOccurrences(of: "seeds = [\"http://www.tvseoul.kr/\"]",
                                        with: "seeds = [\"http://www.tvseoul.kr/\", \"http://www.tvseoul.kr/photo/view.html?no=7\"]")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let config = try Configuration.load(file: file)
        let registry = try ParserRegistry.load(directories: [repositoryRoot().appendingPathComponent("Parsers")])
        #expect(config.sourceProblems(against: registry).isEmpty, "loading accepts it: a seed may redirect to a page of a kind")
        let problems = config.seedPageKindProblems(against: registry)
        #expect(problems.map(\.description) == [
            "\(file):12: source[0].seeds[1]: http://www.tvseoul.kr/photo/view.html?no=7 matches no page kind of parser tvseoul "
                + "(kinds: home ^/(index\\.html?)?(\\?.*)?$, article ^/news/article\\.html\\?(.*&)?no=\\d+, "
                + "section ^/news/section_list_all\\.html\\?(.*&)?sec_no=\\d+); use the URL of a page of one of them",
        ])
    }

    @Test(arguments: [
        ("90s", 90.0), ("10m", 600), ("1h30m", 5400), ("1d", 86_400), ("250ms", 0.25), ("1.5h", 5400),
    ])
    func durationsParse(text: String, seconds: Double) {
        #expect(ConfigDuration(parsing: text)?.seconds == seconds)
    }

    @Test func durationsRejectBareNumbersAndUnknownUnits() {
        for bad in ["10", "", "m", "10 minutes", "1w", "h1"] {
            #expect(ConfigDuration(parsing: bad) == nil, "\(bad)")
        }
        #expect(ConfigDuration.seconds(5400).description == "1h30m")
        #expect(ByteSize(parsing: "10MiB")?.bytes == 10 << 20)
        #expect(ByteSize(parsing: "10 parsecs") == nil)
    }

    @Test func outOfRangeSizesDurationsAndCountsAreRefusedWithTheirBounds() throws {
        let text = """
            [http]
            max_body_size = 0
            concurrency = 100000
            timeout = "1000d"

            [output]
            max_file_size = "99999999999999999GiB"

            [daemon]
            shutdown_grace = "\(String(repeating: "9", count: 400))s"

            [[source]]
            name = "a"
            parser = "tvseoul"
            seeds = ["http://www.tvseoul.kr/"]
            every = "99999999999999999999d"
            max_depth = -1
            revisit = ["1h", "9999999d"]
            """
        let error = try #require(throws: ConfigurationError.self) { try Configuration.parse(text, file: "r.toml") }
        #expect(error.problems.map(\.description).sorted() == [
            "r.toml:10: daemon.shutdown_grace: expected a duration from 0s to 1h, found \"\(String(repeating: "9", count: 400))s\"",
            "r.toml:16: source[0].every: expected a duration from 1s to 365d, found \"99999999999999999999d\"",
            "r.toml:17: source[0].max_depth: expected an integer from 0 to 1000, found -1",
            "r.toml:18: source[0].revisit[1]: expected a duration from 1s to 3650d, found \"9999999d\"",
            "r.toml:2: http.max_body_size: expected a size from 1KiB to 1GiB, found 0",
            "r.toml:3: http.concurrency: expected an integer from 1 to 1024, found 100000",
            "r.toml:4: http.timeout: expected a duration from 1s to 1h, found \"1000d\"",
            "r.toml:7: output.max_file_size: expected a size from 4KiB to 64GiB, found \"99999999999999999GiB\"",
        ])
        let negative = try #require(throws: ConfigurationError.self) {
            try Configuration.parse("[http]\nmax_body_size = -1\n", file: "n.toml")
        }
        #expect(negative.problems.map(\.description) == ["n.toml:2: http.max_body_size: expected a size from 1KiB to 1GiB, found -1"])
        // The bounds themselves are accepted.
        let edge = try Configuration.parse("[http]\nmax_body_size = \"1GiB\"\n[daemon]\nshutdown_grace = \"1h\"\n")
        #expect(edge.http.maxBodySize == .mebibytes(1024) && edge.daemon.shutdownGrace == .hours(1))
    }

    @Test func unreadableFilesAreNamedWithTheReasonAndNonUTF8WithTheOffset() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gleaner-config-\(UUID())")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let latin1 = dir.appendingPathComponent("latin1.toml").path
        try Data([UInt8]("state_dir = \"/tmp/x\"\n# caf".utf8) + [0xE9, 0x0A]).write(to: URL(fileURLWithPath: latin1))
        let cases: [(String, String)] = [
            (dir.path + "/missing.toml", "\(dir.path)/missing.toml: cannot read the file: no such file"),
            (dir.path + "/sub", "\(dir.path)/sub: cannot read the file: it is a directory"),
            (latin1, "\(latin1):2: not UTF-8 text: invalid byte 0xE9 at offset 26 (save the file as UTF-8)"),
        ]
        for (file, expected) in cases {
            let error = try #require(throws: ConfigurationError.self) { try Configuration.load(file: file) }
            #expect(error.problems.map(\.description) == [expected])
        }
        // The same reading for a parser.toml.
        let parser = dir.appendingPathComponent("parser.toml")
        try Data([UInt8]("[site]\nname = \"x\"\ndescription = \"".utf8) + [0xB0, 0xA1] + [UInt8]("\"\n".utf8)).write(to: parser)
        let (definition, errors) = ParserDefinitionLoader.load(file: parser)
        #expect(definition == nil)
        #expect(errors.map(\.description) == ["\(parser.path):3: not UTF-8 text: invalid byte 0xB0 at offset 33 (save the file as UTF-8)"])
    }

    @Test func utf8ValidationFindsTheFirstBadByte() {
        #expect(TextFile.firstInvalidUTF8(Array("한국어 text ✓ 😀".utf8)) == nil)
        #expect(TextFile.firstInvalidUTF8([0x61, 0xC0, 0x80]) == 1)  // overlong
        #expect(TextFile.firstInvalidUTF8([0x61, 0x62, 0xED, 0xA0, 0x80]) == 2)  // a surrogate
        #expect(TextFile.firstInvalidUTF8([0xE2, 0x82]) == 0)  // truncated at the end
        #expect(TextFile.firstInvalidUTF8([0xF4, 0x90, 0x80, 0x80]) == 0)  // beyond U+10FFFF
    }

    @Test func aRawControlCharacterIsASyntaxErrorNotAnAbort() throws {
        // Found by `make fuzz`: TOMLKit's parser asserts (SIGABRT) on `[` followed by ESC.
        let error = try #require(throws: ConfigurationError.self) { try Configuration.parse("state_dir = \"x\"\n[\u{1B}", file: "c.toml") }
        #expect(error.problems.map(\.description) == [
            "c.toml:2:2: TOML syntax error: control character U+001B is not allowed in TOML (write it as an escape inside a string)",
        ])
        let (definition, errors) = ParserDefinitionLoader.load(source: "[site]\nname = \"a\u{0}\"\n", file: URL(fileURLWithPath: "/x/parser.toml"),
                                                               displayPath: "x/parser.toml")
        #expect(definition == nil)
        #expect(errors.map(\.description) == [
            "x/parser.toml:2:10: TOML syntax error: control character U+0000 is not allowed in TOML (write it as an escape inside a string)",
        ])
    }

    @Test func aTableHeaderThatDoesNotStartWithANameIsASyntaxErrorNotAnAbort() throws {
        // Found by `make fuzz`: TOMLKit's parser asserts (SIGABRT) on `[#`.
        for (text, line, column) in [("[#", 1, 2), ("x = 1\n[a.]\n", 2, 4), ("[[ =]]", 1, 4), ("\u{FEFF}[#", 1, 3)] {
            let error = try #require(throws: ConfigurationError.self) { try Configuration.parse(text, file: "h.toml") }
            #expect(error.problems.map(\.description) == ["h.toml:\(line):\(column): TOML syntax error: expected a table name after '[' or '.'"])
        }
        // `m = [}` asserts in TOMLKit too.
        for (text, line, column) in [("m = [}", 1, 6), ("m = [1,\n # c\n }", 3, 2)] {
            let error = try #require(throws: ConfigurationError.self) { try Configuration.parse(text, file: "h.toml") }
            #expect(error.problems.map(\.description) == ["h.toml:\(line):\(column): TOML syntax error: expected a value or ']' in the array, found '}'"])
        }
        // Brackets of array values and strings are not headers.
        let fine = "parser_dirs = [\n  \"a\",\n]\n[http]\nuser_agent = \"\"\"\n[#\"\"\"\n[ \"output\" ]\n"
        #expect(try Configuration.parse(fine).http.userAgent == "[#")
    }
}

