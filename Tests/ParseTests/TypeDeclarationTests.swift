import Foundation
import GleanerModel
import GleanerParse
import Testing
import TestSupport

/// Record types as TOML: what a declaration may say, the errors it gets (file:line:key), and the
/// checks a value meets before it becomes a field.
@Suite struct TypeDeclarationTests {
    static let site = """
        [site]
        name = "mini"
        hosts = ["example.kr"]
        [pages.any]
        url = '^/'
        records = ["page"]

        """

    func load(_ text: String, types: TypeCatalog = SampleTypes.catalog) -> (ParserDefinition?, [String]) {
        let (def, errors) = ParserDefinitionLoader.load(source: text, file: URL(fileURLWithPath: "/p/mini/parser.toml"),
                                                        displayPath: "p.toml", types: types)
        return (def, errors.map(\.description))
    }

    @Test func aParserDeclaresItsOwnTypeWithFieldsInLineOrder() throws {
        let (def, errors) = load(Self.site + """
            [types.event]
            description = "A listed event."
            [types.event.fields]
            title = { type = "string", required = true, description = "Name." }
            starts = { type = "datetime", description = "Start." }
            seats = { type = "integer", description = "Seats left." }
            tags = { type = "string[]", description = "Tags." }
            [records.page]
            type = "event"
            id = { from = "url" }
            [records.page.fields]
            title = "//h1"
            """)
        #expect(errors.isEmpty, "\(errors)")
        let d = try #require(def?.recordBlocks["page"]?.declaration)
        #expect(d.fields.map(\.name) == ["title", "starts", "seats", "tags"])
        #expect(d.fields.map(\.type) == [.string, .datetime, .integer, .array(.string)])
        #expect(d.fields.map(\.required) == [true, false, false, false])
    }

    @Test func declarationErrorsNameFileLineAndKey() {
        let (def, errors) = load(Self.site + """
            [types.event]
            description = "A listed event."
            [types.event.fields]
            title = { type = "text", description = "Name." }
            url = { type = "url", description = "Clashes with the envelope." }
            seats = { type = "integer" }
            [records.page]
            type = "event"
            id = { from = "url" }
            [records.page.fields]
            titel = "//h1"
            """)
        #expect(def == nil)
        #expect(errors.contains("p.toml:10: types.event.fields.title.type: unknown value type 'text' (expected string, integer, number, boolean, datetime, date, url, or an array of one of them such as string[])"), "\(errors)")
        #expect(errors.contains { $0.hasPrefix("p.toml:11: types.event.fields.url: not a field name: 'url' is an envelope key") }, "\(errors)")
        #expect(errors.contains("p.toml:12: types.event.fields.seats.description: missing (expected a string)") || errors.contains { $0.hasPrefix("p.toml:12: types.event.fields.seats") }, "\(errors)")
    }

    @Test func aFieldTheTypeDoesNotDeclareAndATypeDeclaredNowhereAreNamed() {
        let (_, errors) = load(Self.site + """
            [records.page]
            type = "article"
            id = { from = "url" }
            [records.page.fields]
            title = "//h1"
            keywords = "//meta[@name='keywords']/@content"
            [records.other]
            type = "video"
            id = { from = "url" }
            [records.other.fields]
            title = "//h1"
            """)
        #expect(errors.contains { $0.hasPrefix("p.toml:12: records.page.fields.keywords: 'keywords' is not a field of article records (fields: section, title,") }, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("p.toml:14: records.other.type: record type 'video' is declared nowhere (declared: article, teaser, weather)") }, "\(errors)")
    }

    /// Type names are global: a parser may repeat a shared declaration word for word, not change it.
    @Test func aConflictingDeclarationIsRefusedNamingTheOther() {
        let (def, errors) = load(Self.site + """
            [types.teaser]
            description = "Mine."
            [types.teaser.fields]
            title = { type = "string", description = "Title." }
            [records.page]
            type = "teaser"
            id = { from = "url" }
            [records.page.fields]
            title = "//h1"
            """)
        #expect(def == nil)
        #expect(errors.contains { $0.contains("p.toml:7: types.teaser: record type 'teaser' is already declared differently at ") && $0.contains("Parsers/types/teaser.toml:3") }, "\(errors)")
    }

    @Test func twoParsersDeclaringOneNameDifferentlyLeaveTheSecondUnloaded() throws {
        let dir = try TemporaryDirectory()
        for (name, fieldType) in [("a", "string"), ("b", "integer")] {
            let folder = dir.path + "/" + name
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try (Self.site.replacingOccurrences(of: "\"mini\"", with: "\"\(name)\"") + """
                [types.event]
                description = "An event."
                [types.event.fields]
                title = { type = "\(fieldType)", description = "Name." }
                [records.page]
                type = "event"
                id = { from = "url" }
                [records.page.fields]
                title = "//h1"
                """).write(toFile: folder + "/parser.toml", atomically: true, encoding: .utf8)
        }
        let report = ParserRegistry.loadReport(directories: [dir.url])
        #expect(report.registry.parsers.map(\.name) == ["a"])
        #expect(report.errors.map(\.description) == [
            "\(dir.path)/b/parser.toml: types.event: record type 'event' is already declared differently at \(dir.path)/a/parser.toml:7 (type names are global: rename one, or make the two declarations identical)",
        ])
    }

    @Test func aBrokenSharedTypesFileIsReportedAndItsTypesAreDeclaredNowhere() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path + "/types", withIntermediateDirectories: true)
        try "[types.event]\ndescription = \"An event.\"\n[types.event.fields]\ntitle = { type = \"strin\", description = \"x\" }\n"
            .write(toFile: dir.path + "/types/event.toml", atomically: true, encoding: .utf8)
        let loaded = TypeCatalog.load(directories: [dir.url])
        #expect(loaded.catalog.types.isEmpty)
        #expect(loaded.errors.map(\.description) == [
            "\(dir.path)/types/event.toml:4: types.event.fields.title.type: unknown value type 'strin' (expected string, integer, number, boolean, datetime, date, url, or an array of one of them such as string[])",
        ])
    }

    @Test(arguments: [
        (ValueType.integer, "12", true), (.integer, "12.5", false), (.integer, "1,200", false), (.integer, "-3", true),
        (.number, "27.7", true), (.number, "1e3", true), (.number, "nan", false), (.number, "inf", false), (.number, "0x1p3", false),
        (.number, "영상 3도", false), (.boolean, "true", true), (.boolean, "False", true), (.boolean, "yes", false),
        (.datetime, "2025-03-22T10:07:10+09:00", true), (.datetime, "2025-03-22T10:07:10.25Z", true),
        (.datetime, "2025-03-22T10:07:10", false), (.datetime, "2025-02-30T10:07:10+09:00", false),
        (.datetime, "2025-03-22T24:00:00Z", false), (.datetime, "2025-03-22 10:07:10+09:00", false),
        (.date, "2024-02-29", true), (.date, "2025-02-29", false), (.date, "2025.07.02", false),
        (.url, "https://example.kr/a?b=1", true), (.url, "/relative/path", false), (.url, "mailto:x@example.kr", false),
        (.url, " https://example.kr/", false), (.string, "아무 글", true),
    ])
    func valuesAreCheckedAgainstTheirType(type: ValueType, text: String, valid: Bool) {
        switch type.value(from: [text]) {
        case .success?: #expect(valid, "\(text) accepted as \(type)")
        case .failure(let e)?:
            #expect(!valid, "\(text) refused as \(type): \(e)")
            #expect(e.description.hasPrefix("'\(text)' is not a \(type): "))
        case nil: Issue.record("no value")
        }
    }

    @Test func arraysTypeEveryElementAndNoTextsIsNoValue() {
        #expect(ValueType.array(.integer).value(from: ["1", "2"]) == .success(.array([.integer(1), .integer(2)])))
        if case .failure(let e)? = ValueType.array(.integer).value(from: ["1", "two"]) {
            #expect(e.value == "two")
        } else {
            Issue.record("an array with one bad element must fail")
        }
        #expect(ValueType.string.value(from: []) == nil)
    }

    /// docs/schema/ is what `gleaner schema` prints for the shipped types: regenerate with `make schema`.
    @Test func committedSchemasAreTheGeneratedOnes() throws {
        let dir = try TemporaryDirectory()
        let r = try runGleaner(["schema", "--out", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        let generated = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        let committed = try FileManager.default.contentsOfDirectory(atPath: Repo.schemas.path).filter { $0.hasSuffix(".schema.json") }.sorted()
        #expect(generated == committed)
        for name in generated {
            let a = try String(contentsOfFile: dir.path + "/" + name, encoding: .utf8)
            let b = try String(contentsOfFile: Repo.schemas.path + "/" + name, encoding: .utf8)
            #expect(a == b, "docs/schema/\(name) differs from `gleaner schema`: run make schema")
        }
    }
}
