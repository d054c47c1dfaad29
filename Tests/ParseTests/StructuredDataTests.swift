import Foundation
import GleanerModel
@testable import GleanerParse
import TestSupport
import Testing

/// `jsonld` and `meta` field sources over a news page written for these tests
/// (Fixtures/structured/story.html: a `@graph` block, a block that is not valid JSON, a
/// top-level array, a script that is not JSON-LD, repeated `article:tag` metas).
struct StructuredDataTests {
    static let story = Repo.root.appendingPathComponent("Tests/ParseTests/Fixtures/structured/story.html")
    let url = "https://news.example/story/2031/bridge-reopens"

    /// A parser for news.example with one article block whose fields are `fields` (TOML lines).
    static func source(_ fields: String, blocks: String = "") -> String {
        """
        [site]
        name = "gazette"
        hosts = ["news.example"]
        time_zone = "UTC"

        [pages.story]
        url = '^/story/'
        records = ["article"\(blocks.isEmpty ? "" : ", \"related\"")]

        [records.article]
        type = "article"
        id = { from = "url" }

        [records.article.fields]
        \(fields)
        \(blocks)
        """
    }

    static func load(_ source: String) -> (ParserDefinition?, [ParserLoadError]) {
        ParserDefinitionLoader.load(source: source, file: URL(fileURLWithPath: "/parsers/gazette/parser.toml"),
                                    displayPath: "gazette/parser.toml", types: SampleTypes.catalog)
    }

    func parse(_ fields: String, blocks: String = "", page: [UInt8]? = nil, budget: PageBudget = .standard) throws -> ParseResult {
        let (def, errors) = Self.load(Self.source(fields, blocks: blocks))
        guard let def else { throw TestFailure("parser did not load: \(errors)") }
        let body = try page ?? Repo.bytes(Self.story)
        return try SiteParser(definition: def).parse(Page(url: url, body: body, fetchedAt: Date(timeIntervalSince1970: 1_900_000_000)), budget: budget)
    }

    /// The page's article as its output line shows it.
    func article(_ fields: String, page: [UInt8]? = nil) throws -> Line {
        try first(parse(fields, page: page))
    }

    func first(_ r: ParseResult) throws -> Line {
        guard let record = r.records.first else { throw TestFailure("no record; rejects: \(r.rejects)") }
        return try Line(record)
    }

    /// A record's JSON line: field name → string or list of strings.
    struct Line {
        let object: [String: Any]
        init(_ record: Record) throws {
            object = try JSONSerialization.jsonObject(with: Data(record.jsonLine())) as? [String: Any] ?? [:]
        }
        subscript(_ key: String) -> String? { object[key] as? String }
        func list(_ key: String) -> [String]? { object[key] as? [String] }
    }

    /// The error messages of a parser whose fields are `fields`, which must not load.
    func loadErrors(_ fields: String) -> [ParserLoadError] {
        let (def, errors) = Self.load(Self.source(fields))
        #expect(def == nil)
        return errors
    }

    // MARK: - JSON-LD

    @Test func graphMembersAreSelectedByTypeAndStringsAreJSONDecoded() throws {
        let a = try article("""
            title = { jsonld = "NewsArticle.headline" }
            subtitle = { jsonld = "NewsArticle.alternativeHeadline" }
            body = { jsonld = "NewsArticle.articleBody" }
            images = { jsonld = "Organization.logo.url" }
            """)
        // \\u00e9, \\" and a surrogate pair decoded; `\\/` is `/`.
        #expect(a["title"] == "Café owners cheer as the \"old lady\" of Eastgate reopens 🌉")
        #expect(a.list("images") == ["https://img.news.example/logo.png"])
        // Script text is not HTML: an entity written in JSON-LD stays as written, as in a browser.
        #expect(a["subtitle"] == "Tom &amp; Jerry's bakery reopens too")
        // A raw newline inside a string (invalid JSON that CMSs write) is kept.
        #expect(a.list("body") == ["The bridge opened at six.\nBuses return on Monday."])
    }

    @Test func anAuthorArrayAndASingleAuthorObjectBothGiveNames() throws {
        let many = try article("""
            title = { jsonld = "NewsArticle.headline" }
            authors = { jsonld = "NewsArticle.author[].name" }
            """)
        #expect(many.list("authors") == ["Mina Park", "Ola Byström"])
        let one = try article("""
            title = { jsonld = "BlogPosting.headline" }
            authors = { jsonld = "BlogPosting.author[].name" }
            """)
        #expect(one["title"] == "Live blog: the first day on the bridge")  // from a top-level array, type as a schema.org IRI
        #expect(one.list("authors") == ["Sam Reyes"])
    }

    @Test func typeArraysAndAlternativesSelectObjects() throws {
        // The article declares ["NewsArticle", "ReportageNewsArticle"]: either name selects it.
        let reportage = try article("title = { jsonld = \"ReportageNewsArticle.datePublished\" }")
        #expect(reportage["title"] == "2031-04-02T08:15:00+01:00")
        // Alternatives take every object of any listed type, in page order.
        let both = try article("""
            title = { jsonld = "Article|BlogPosting|NewsArticle.headline" }
            authors = { jsonld = "NewsArticle|BlogPosting.author[].name" }
            """)
        #expect(both["title"]?.hasPrefix("Café") == true)
        #expect(both.list("authors") == ["Mina Park", "Ola Byström", "Sam Reyes"])
        #expect(try article("title = { jsonld = \"*.name\" }")["title"] == "Harbour bridge reopens")
    }

    @Test func numbersAndBooleansAreTheirJSONTextAndArraysNeedBrackets() throws {
        let a = try article("""
            title = { jsonld = "NewsArticle.wordCount" }
            subtitle = { jsonld = "NewsArticle.isAccessibleForFree" }
            authors = { jsonld = "BreadcrumbList.itemListElement[].position" }
            section = { jsonld = "NewsArticle.articleSection[]", transforms = [{ join = " / " }] }
            """)
        #expect(a["title"] == "612")
        #expect(a["subtitle"] == "false")
        #expect(a.list("authors") == ["1", "2"])
        #expect(a["section"] == "Local / Transport")
    }

    @Test func aPathEndingAtAnObjectOrAnArrayGivesNoValueAndTheRejectSaysWhy() throws {
        let object = try parse("title = { jsonld = \"NewsArticle.author[]\" }")
        #expect(object.records.isEmpty)
        let r1 = try #require(object.rejects.first)
        #expect(r1.field == "title")
        #expect(r1.reason.contains("NewsArticle.author[] is an object (keys @type, name, url) and 1 more like it"), "\(r1.reason)")
        #expect(r1.reason.contains("not a string, number or boolean"))

        let array = try parse("title = { jsonld = \"NewsArticle.author.name\" }")
        let r2 = try #require(array.rejects.first)
        #expect(r2.reason.contains("write author[]"), "\(r2.reason)")

        let missing = try parse("title = { jsonld = \"VideoObject.name\" }")
        let r3 = try #require(missing.rejects.first)
        #expect(r3.reason.contains("no JSON-LD object of type VideoObject"), "\(r3.reason)")
        #expect(r3.reason.contains("NewsArticle"))
        #expect(r3.reason.contains("1 JSON-LD block was not valid JSON"))
    }

    @Test func aBrokenBlockIsSkippedCountedOnceAndTheOthersStillRead() throws {
        let r = try parse("""
            title = { jsonld = "NewsArticle.headline" }
            subtitle = { jsonld = "BlogPosting.headline" }
            authors = { jsonld = "NewsArticle.author[].name" }
            """)
        // The broken block's own headline never wins; the text/javascript script is not JSON-LD.
        #expect(try first(r)["title"]?.hasPrefix("Café") == true)
        #expect(try first(r)["subtitle"] == "Live blog: the first day on the bridge")
        // Read once for all three fields: one note, naming where and what.
        #expect(r.skippedJSONLD.count == 1)
        let note = try #require(r.skippedJSONLD.first)
        #expect(note.contains("JSON-LD block 2"), "\(note)")
        #expect(note.contains("line 47 of the page"), "\(note)")
        #expect(note.contains("line 2, column 70: expected a member name in double quotes, found '}'"), "\(note)")
    }

    @Test func eachBrokenBlockIsNamedWithWhatIsWrong() throws {
        let blocks = [
            #"{"@type": "NewsArticle", "headline": "bad \q escape"}"#,
            #"{"@type": "NewsArticle", "headline": "never closed"#,
            #"<!-- {"@type": "NewsArticle"} -->"#,
            "  ",
            #"{"@type": "NewsArticle", "headline": "A lone \ud800 half"} {"second": 1}"#,
            #"{"@type": "NewsArticle", "headline": "A lone \ud800 half", "n": 01}"#,
            #"{"@type": "NewsArticle", "headline": "A lone \ud800 half"}"#,
        ]
        let page = "<html><head>\n" + blocks.map { "<script type=\"application/ld+json\">\($0)</script>\n" }.joined() + "</head></html>"
        let r = try parse("title = { jsonld = \"NewsArticle.headline\" }", page: Array(page.utf8))
        #expect(try first(r)["title"] == "A lone \u{FFFD} half")
        #expect(r.skippedJSONLD == [
            "JSON-LD block 1 (line 2 of the page) skipped, not valid JSON: line 1, column 43: unknown escape '\\q' (JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX), found '\\'",
            "JSON-LD block 2 (line 3 of the page) skipped, not valid JSON: line 1, column 38: a string that is never closed",
            "JSON-LD block 3 (line 4 of the page) skipped, not valid JSON: line 1, column 1: unexpected '<', expected a value",
            "JSON-LD block 4 (line 5 of the page) skipped, not valid JSON: line 1, column 3: empty: no JSON value",
            "JSON-LD block 5 (line 6 of the page) skipped, not valid JSON: line 1, column 60: unexpected '{' after the JSON value",
            "JSON-LD block 6 (line 7 of the page) skipped, not valid JSON: line 1, column 66: expected ',' or '}' after an object member, found '1'",
        ])
    }

    @Test func aParserWithoutJSONLDSourcesNeverReadsTheScripts() throws {
        let r = try parse("title = { meta = \"og:title\" }")
        #expect(r.records.count == 1)
        #expect(r.skippedJSONLD.isEmpty)
    }

    @Test func nestingDeeperThanTheLimitSkipsTheBlock() throws {
        let deep = String(repeating: "[", count: 150) + String(repeating: "]", count: 150)
        let page = """
            <html><head><script type="application/ld+json">\(deep)</script>
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Still here"}</script></head><body></body></html>
            """
        let r = try parse("title = { jsonld = \"NewsArticle.headline\" }", page: Array(page.utf8))
        #expect(try first(r)["title"] == "Still here")
        #expect(r.skippedJSONLD.count == 1)
        #expect(r.skippedJSONLD.first?.contains("nested deeper than 100 levels") == true)
    }

    @Test func jsonLDWithMoreValuesThanTheNodesBudgetFailsThePage() throws {
        let numbers = (0..<3000).map(String.init).joined(separator: ",")
        let page = "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"x\",\"n\":[\(numbers)]}</script></head></html>"
        var budget = PageBudget()
        budget.nodes = 2000
        #expect { try parse("title = { jsonld = \"NewsArticle.headline\" }", page: Array(page.utf8), budget: budget) } throws: { e in
            guard let e = e as? ParseError else { return false }
            return e.kind == .budget && e.budget == .nodes && e.description.contains("JSON-LD holds more than 2000 values")
        }
        // Within the budget the same page parses.
        budget.nodes = 4000
        let ok = try parse("title = { jsonld = \"NewsArticle.headline\" }", page: Array(page.utf8), budget: budget)
        #expect(try first(ok)["title"] == "x")
    }

    // MARK: - meta

    @Test func metaReadsNameOrPropertyInAnyCaseAndRepeatsInOrder() throws {
        let a = try article("""
            title = { meta = "og:title" }
            subtitle = { meta = "DESCRIPTION" }
            authors = { meta = "article:tag" }
            section = { meta = "og:site_name" }
            published_at = { meta = "article:published_time" }
            images = { meta = "og:image" }
            """)
        #expect(a["title"] == "Harbour bridge reopens after eight months")          // property=
        #expect(a["subtitle"] == "The Eastgate harbour bridge carries traffic again after eight months of repairs.")  // NAME="Description"
        #expect(a.list("authors") == ["Transport", "Harbour", "Eastgate"])               // three article:tag, in order
        #expect(a["section"] == "The Lantern Gazette")                               // a meta with both name and property
        #expect(a["published_at"] == "2031-04-02T08:15:00+01:00")
        #expect(a.list("images") == ["https://img.news.example/bridge-1.jpg"])
        #expect(try article("title = { meta = \"twitter:title\" }")["title"] == "The Lantern Gazette")
    }

    @Test func structuredSourcesTakeTransformsFallbacksAndWorkInsideEach() throws {
        let r = try parse("""
            title = [{ jsonld = "VideoObject.name" }, { meta = "og:video" }, { meta = "og:title", transforms = ["uppercase"] }]
            authors = { meta = "keywords", transforms = [{ split = "," }, "trim"] }
            """, blocks: """
            [records.related]
            type = "teaser"
            each = "//ul[@class='related']/li"
            id = { xpath = "a/@href" }

            [records.related.fields]
            title = { xpath = "a" }
            target_url = { xpath = "a/@href", transforms = ["absolute_url"] }
            box = { jsonld = "Organization.name" }
            published_at = { meta = "article:published_time" }
            """)
        let a = try first(r)
        #expect(a["title"] == "HARBOUR BRIDGE REOPENS AFTER EIGHT MONTHS")
        #expect(a.list("authors") == ["bridge", "harbour", "repairs"])
        let teasers = try r.records.map(Line.init).filter { $0["type"] == "teaser" }
        #expect(teasers.map { $0["title"] } == ["Ferry timetable changes", "Harbour lights festival returns"])
        // Inside `each` both sources read the whole page: every teaser gets the page's values.
        #expect(teasers.map { $0["box"] } == ["The Lantern Gazette", "The Lantern Gazette"])
        #expect(teasers.map { $0["published_at"] } == ["2031-04-02T08:15:00+01:00", "2031-04-02T08:15:00+01:00"])
    }

    // MARK: - gleaner parse

    @Test func gleanerParseReadsTheExampleParserAndNamesTheSkippedBlock() throws {
        let dir = "Tests/ParseTests/Fixtures/structured"
        let out = try runGleaner(["parse", "--parser", "gazette", "--parser-dir", dir, "--url", url,
                                  "--fetched-at", "2031-04-02T09:00:00Z", "\(dir)/story.html"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stderr.contains("1 records, 0 rejected, 0 links, 1 JSON-LD block skipped"), "\(out.stderr)")
        #expect(out.stderr.contains("story.html: JSON-LD block 2 (line 47 of the page) skipped, not valid JSON: line 2, column 70: expected a member name in double quotes, found '}'"), "\(out.stderr)")
        let record = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        #expect(record["title"] as? String == "Café owners cheer as the \"old lady\" of Eastgate reopens 🌉")
        #expect(record["authors"] as? [String] == ["Mina Park", "Ola Byström"])
        #expect(record["published_at"] as? String == "2031-04-02T08:15:00+01:00")
        #expect(record["images"] as? [String] == ["https://img.news.example/bridge-1.jpg"])
        #expect(record["section"] as? String == "Local")
        #expect(record["subtitle"] as? String == "The Eastgate harbour bridge carries traffic again after eight months of repairs.")
        #expect(record["body"] as? [String] == ["The bridge opened at six.", "Buses return on Monday."])
    }

    // MARK: - Load errors

    @Test func badJSONLDPathsAreNamedWithFileLineAndKey() throws {
        let cases: [(String, String)] = [
            ("NewsArticle", "needs a type and a path to a value"),
            ("NewsArticle..headline", "has an empty step"),
            ("NewsArticle.headline.", "has an empty step"),
            (".headline", "has an empty type name"),
            ("News Article.headline", "'News Article' is not a type name"),
            ("NewsArticle||Article.headline", "has an empty type name"),
            ("NewsArticle.author[0].name", "only 'name[]' (every element of an array) is supported"),
            ("NewsArticle.author[.name", "is not valid"),
            ("NewsArticle.a|b", "contains '|'"),
        ]
        for (path, message) in cases {
            let errors = loadErrors("title = { jsonld = \"\(path)\" }")
            let e = try #require(errors.first, "\(path) loaded")
            #expect(errors.count == 1, "\(errors)")
            #expect(e.key == "records.article.fields.title.jsonld")
            #expect(e.line == 15)
            #expect(e.message.contains(message), "\(path): \(e.message)")
            #expect(e.description.hasPrefix("gazette/parser.toml:15: records.article.fields.title.jsonld: "), "\(e.description)")
        }
    }

    @Test func twoSourcesInOneTableAndBadMetaNamesAreErrors() throws {
        let both = try #require(loadErrors("title = { xpath = \"//h1\", jsonld = \"NewsArticle.headline\" }").first)
        #expect(both.key == "records.article.fields.title")
        #expect(both.message.contains("more than one source (xpath, jsonld)"), "\(both.message)")
        let meta = try #require(loadErrors("title = { meta = \"og: title\" }").first)
        #expect(meta.key == "records.article.fields.title.meta")
        #expect(meta.message.contains("'og: title' is not a meta name"))
        let text = try #require(loadErrors("title = { meta = \"og:title\", text = \"raw\" }").first)
        #expect(text.message.contains("'text' and 'skip' apply to xpath sources only"))
        let type = try #require(loadErrors("title = { jsonld = 3 }").first)
        #expect(type.key == "records.article.fields.title.jsonld")
    }
}

/// The JSON reader against documents written by a generator that picks, for every character,
/// one of the spellings JSON allows (raw, `\\uXXXX`, surrogate pairs, `\\/`): each must decode to
/// the value written, and every cut-off prefix must fail cleanly or decode, never crash.
struct JSONReaderTests {
    static let pool: [Character] = ["a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\u{01}", "é", "한", "🌉", "\u{2028}", "&"]
    static let numbers = ["0", "-0", "12", "-3.25", "1e10", "2.5E-3", "4.50", "123456789012345678901234567890"]

    static func space(_ rng: inout SplitMix64) -> String { ["", " ", "\n  ", "\t"][Int(rng.next() % 4)] }

    static func string(_ rng: inout SplitMix64) -> (String, String) {
        var value = "", text = "\""
        for _ in 0..<Int(rng.next() % 8) {
            let c = pool[Int(rng.next() % UInt64(pool.count))]
            value.append(c)
            let escape = rng.next() % 2 == 0
            switch c {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "/": text += escape ? "\\/" : "/"
            case "\n": text += escape ? "\\n" : "\\u000a"
            case "\t": text += escape ? "\\t" : "\\u0009"
            case "\u{01}": text += "\\u0001"
            default:
                if escape, !c.isASCII {
                    for unit in String(c).utf16 { text += "\\u" + String(unit, radix: 16, uppercase: rng.next() % 2 == 0).leftPadded(to: 4) }
                } else {
                    text.append(c)
                }
            }
        }
        return (value, text + "\"")
    }

    static func value(_ rng: inout SplitMix64, depth: Int) -> (JSONValue, String) {
        switch rng.next() % (depth > 3 ? 4 : 6) {
        case 0: let (v, t) = string(&rng); return (.string(v), t)
        case 1: let n = numbers[Int(rng.next() % UInt64(numbers.count))]; return (.number(n), n)
        case 2: let b = rng.next() % 2 == 0; return (.bool(b), b ? "true" : "false")
        case 3: return (.null, "null")
        case 4:
            var items: [JSONValue] = [], parts: [String] = []
            for _ in 0..<Int(rng.next() % 4) {
                let (v, t) = value(&rng, depth: depth + 1)
                items.append(v)
                parts.append(space(&rng) + t + space(&rng))
            }
            return (.array(items), "[" + parts.joined(separator: ",") + space(&rng) + "]")
        default:
            var members: [String: JSONValue] = [:], parts: [String] = []
            for _ in 0..<Int(rng.next() % 4) {
                let (k, kt) = string(&rng)
                guard members[k] == nil else { continue }
                let (v, t) = value(&rng, depth: depth + 1)
                members[k] = v
                parts.append(space(&rng) + kt + space(&rng) + ":" + space(&rng) + t + space(&rng))
            }
            return (.object(members), "{" + parts.joined(separator: ",") + space(&rng) + "}")
        }
    }

    @Test func everySpellingDecodesToTheValueWrittenAndCutTextNeverCrashes() throws {
        var rng = SplitMix64(seed: 18)
        for _ in 0..<400 {
            let (want, text) = Self.value(&rng, depth: 0)
            var left = 100_000
            #expect(try JSONReader.decode(text, valuesLeft: &left) == want, "\(text)")
            let bytes = Array(text.utf8)
            for cut in Set((0..<4).map { _ in Int(rng.next() % UInt64(bytes.count + 1)) }) {
                var left = 100_000
                do {
                    _ = try JSONReader.decode(String(decoding: bytes[..<cut], as: UTF8.self), valuesLeft: &left)
                } catch let f as JSONReader.Failure {
                    #expect(f.kind == .syntax && f.line >= 1 && f.column >= 1, "\(f)")
                }
            }
        }
    }
}

private extension String {
    func leftPadded(to n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}

