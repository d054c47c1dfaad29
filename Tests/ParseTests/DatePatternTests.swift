import Foundation
import GleanerModel
@testable import GleanerParse
import TestSupport
import Testing

/// The date transform as a parser author meets it: every pattern letter, offsets written in the
/// value, the site's time zone across DST changes, named formats, and values that must give
/// nothing rather than a guessed date.
struct DatePatternTests {
    static func zone(_ name: String) -> TimeZone { TimeZone(identifier: name)! }

    /// `value` read with `pattern` in `zone`, as RFC 3339 (or a date with `dateOnly`).
    static func read(_ pattern: String, _ value: String, in zone: String = "Asia/Seoul", dateOnly: Bool = false) throws -> String? {
        try DatePattern(pattern).parse(value, timeZone: Self.zone(zone), dateOnly: dateOnly)
    }

    // MARK: - Offsets in the value

    @Test func anOffsetInTheValueIsHonouredWhenThePatternHasNone() throws {
        let p = "yyyy-MM-dd'T'HH:mm:ss"
        #expect(try Self.read(p, "2024-07-01T12:00:00Z", in: "Europe/London") == "2024-07-01T13:00:00+01:00")
        #expect(try Self.read(p, "2024-07-01T12:00:00-04:00", in: "Europe/London") == "2024-07-01T17:00:00+01:00")
        #expect(try Self.read(p, "2024-07-01T12:00:00+09:00", in: "Asia/Seoul") == "2024-07-01T12:00:00+09:00")
        #expect(try Self.read(p, "2024-07-01T12:00:00.250Z", in: "Asia/Seoul") == "2024-07-01T21:00:00+09:00")
        #expect(try Self.read("yyyy-MM-dd HH:mm", "2024-07-01 12:00 +0900", in: "Europe/London") == "2024-07-01T04:00:00+01:00")
        #expect(try Self.read("yyyy-MM-dd HH:mm", "2024-07-01 12:00 GMT", in: "Asia/Seoul") == "2024-07-01T21:00:00+09:00")
        #expect(try Self.read("yyyy-MM-dd HH:mm", "2024-07-01 12:00 UTC+9", in: "UTC") == "2024-07-01T03:00:00Z")
        #expect(try Self.read("yyyy-MM-dd HH:mm", "2024-07-01 08:00 EDT (updated)", in: "UTC") == "2024-07-01T12:00:00Z")
    }

    @Test func aZoneGleanerCannotReadOrAnAmPmThePatternLacksGivesNothing() throws {
        #expect(try Self.read("yyyy-MM-dd HH:mm", "2024-07-01 12:00 CET", in: "Europe/Berlin") == nil)
        #expect(try Self.read("yyyy-MM-dd HH:mm", "2024-07-01 12:00 MSK", in: "Europe/Berlin") == nil)
        #expect(try Self.read("rfc2822", "02 Jul 2025 10:00:00 XYZ", in: "Europe/Berlin") == nil)
        #expect(try Self.read("yyyy-MM-dd HH:mm", "2024-07-01 01:00 PM", in: "Asia/Seoul") == nil)
        #expect(try Self.read("yyyy-MM-dd HH:mm", "2024-07-01 12:00+15:00", in: "Asia/Seoul") == nil)
    }

    @Test(arguments: [
        ("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-07-01T12:00:00Z", "2024-07-01T21:00:00+09:00"),
        ("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-07-01T12:00:00+09:00", "2024-07-01T12:00:00+09:00"),
        ("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-07-01T12:00:00-04:00", "2024-07-02T01:00:00+09:00"),
        ("yyyy-MM-dd'T'HH:mm:ssxxx", "2024-07-01T12:00:00+05:30", "2024-07-01T15:30:00+09:00"),
        ("yyyy-MM-dd'T'HH:mm:ssXX", "2024-07-01T12:00:00-0400", "2024-07-02T01:00:00+09:00"),
        ("yyyy-MM-dd'T'HH:mm:ssxx", "2024-07-01T12:00:00+0900", "2024-07-01T12:00:00+09:00"),
        ("yyyy-MM-dd'T'HH:mm:ssX", "2024-07-01T12:00:00+09", "2024-07-01T12:00:00+09:00"),
        ("yyyy-MM-dd HH:mm:ss Z", "2024-07-01 12:00:00 +0000", "2024-07-01T21:00:00+09:00"),
        ("yyyy-MM-dd HH:mm:ss ZZZZZ", "2024-07-01 12:00:00 -04:00", "2024-07-02T01:00:00+09:00"),
        ("yyyy-MM-dd HH:mm z", "2024-07-01 08:00 EDT", "2024-07-01T21:00:00+09:00"),
        ("yyyy-MM-dd HH:mm z", "2024-07-01 21:00 KST", "2024-07-01T21:00:00+09:00"),
        ("yyyy-MM-dd HH:mm O", "2024-07-01 12:00 GMT+9", "2024-07-01T12:00:00+09:00"),
        ("yyyy-MM-dd HH:mm O", "2024-07-01 12:00 GMT", "2024-07-01T21:00:00+09:00"),
    ])
    func zoneTokensReadEveryOffsetForm(_ pattern: String, _ value: String, _ want: String) throws {
        #expect(try Self.read(pattern, value) == want)
    }

    @Test func aZoneTokenNeedsAnOffsetInTheValue() throws {
        #expect(try Self.read("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-07-01T12:00:00") == nil)
        #expect(try Self.read("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-07-01T12:00:00+25:00") == nil)
    }

    // MARK: - The site's zone and DST

    @Test func valuesWithoutAnOffsetAreReadInTheSitesZoneAcrossDST() throws {
        let p = "yyyy-MM-dd HH:mm"
        #expect(try Self.read(p, "2024-01-15 12:00", in: "America/New_York") == "2024-01-15T12:00:00-05:00")
        #expect(try Self.read(p, "2024-07-15 12:00", in: "America/New_York") == "2024-07-15T12:00:00-04:00")
        #expect(try Self.read(p, "2024-01-15 12:00", in: "Europe/London") == "2024-01-15T12:00:00Z")
        // London springs forward at 01:00 on 31 March 2024: 00:59 is GMT, 02:00 BST, 01:30 never happens.
        #expect(try Self.read(p, "2024-03-31 00:59", in: "Europe/London") == "2024-03-31T00:59:00Z")
        #expect(try Self.read(p, "2024-03-31 02:00", in: "Europe/London") == "2024-03-31T02:00:00+01:00")
        #expect(try Self.read(p, "2024-03-31 01:30", in: "Europe/London") == nil)
        // It falls back at 02:00 BST on 27 October: 01:30 happens twice and is the first (BST).
        #expect(try Self.read(p, "2024-10-27 01:30", in: "Europe/London") == "2024-10-27T01:30:00+01:00")
        #expect(try Self.read(p, "2024-10-27 02:30", in: "Europe/London") == "2024-10-27T02:30:00Z")
        // An instant with an offset lands on the right side of the change.
        #expect(try Self.read("iso8601", "2024-10-27T00:30:00Z", in: "Europe/London") == "2024-10-27T01:30:00+01:00")
        #expect(try Self.read("iso8601", "2024-10-27T01:30:00Z", in: "Europe/London") == "2024-10-27T01:30:00Z")
        #expect(try Self.read("iso8601", "2024-03-10T07:30:00Z", in: "America/New_York") == "2024-03-10T03:30:00-04:00")
    }

    @Test func aDateOnlyOutputIsTheDayInTheSitesZone() throws {
        #expect(try Self.read("iso8601", "2024-07-01T20:00:00Z", in: "Asia/Seoul", dateOnly: true) == "2024-07-02")
        #expect(try Self.read("yyyy-MM-dd", "2024-07-01T23:30:00Z", in: "Asia/Seoul", dateOnly: true) == nil)
        #expect(try Self.read("yyyy.MM.dd", "2025.07.02 (수)", in: "Asia/Seoul", dateOnly: true) == "2025-07-02")
    }

    // MARK: - Tokens

    @Test(arguments: [
        ("yyyy.MM.dd HH:mm:ss", "등록 2025.03.22 10:07:10", "2025-03-22T10:07:10+09:00"),
        ("yy.MM.dd HH:mm", "24.07.01 09:05", "2024-07-01T09:05:00+09:00"),
        ("yy.MM.dd HH:mm", "99.12.31 23:59", "1999-12-31T23:59:00+09:00"),
        ("M/d/yyyy H:m", "7/1/2024 9:5", "2024-07-01T09:05:00+09:00"),
        ("yyyy-M-d", "2024-7-1", "2024-07-01T00:00:00+09:00"),
        ("yyyyMMddHHmmss", "20240701123456", "2024-07-01T12:34:56+09:00"),
        ("yyyy년 M월 d일 HH시 mm분", "2024년 7월 1일 09시 05분", "2024-07-01T09:05:00+09:00"),
        ("yyyy-MM-dd HH:mm:ss.SSS", "2024-07-01 12:00:00.123", "2024-07-01T12:00:00+09:00"),
        ("yyyy-MM-dd HH:mm:ss.SSSSSS", "2024-07-01 12:00:00.123456", "2024-07-01T12:00:00+09:00"),
        ("yyyy-MM-dd HH:mm:ss,S", "2024-07-01 12:00:00,5", "2024-07-01T12:00:00+09:00"),
        ("''yy MMM d", "'24 Jul 1", "2024-07-01T00:00:00+09:00"),
    ])
    func numericTokens(_ pattern: String, _ value: String, _ want: String) throws {
        #expect(try Self.read(pattern, value) == want)
    }

    @Test(arguments: [
        ("MMMM d, yyyy", "July 1, 2024"),
        ("MMMM d, yyyy", "JULY 1, 2024"),
        ("MMM d, yyyy", "Jul 1, 2024"),
        ("MMM d, yyyy", "jul. 1, 2024"),
        ("MMM d, yyyy", "July 1, 2024"),
        ("LLLL d, yyyy", "July 1st, 2024"),
        ("d MMMM yyyy", "1 July 2024"),
        ("d MMM yyyy", "01 Jul 2024"),
    ])
    func monthNamesInAnyCase(_ pattern: String, _ value: String) throws {
        #expect(try Self.read(pattern, value, dateOnly: true) == "2024-07-01")
    }

    @Test func monthNamesAndAbbreviations() throws {
        #expect(try Self.read("MMM d, yyyy", "Sept. 5, 2024", dateOnly: true) == "2024-09-05")
        #expect(try Self.read("MMM d, yyyy", "Sep 5, 2024", dateOnly: true) == "2024-09-05")
        #expect(try Self.read("MMMM d, yyyy", "march 3, 2024", dateOnly: true) == "2024-03-03")
        #expect(try Self.read("MMM d, yyyy", "Foo 5, 2024") == nil)
        #expect(try Self.read("MMM d, yyyy", "Mayo 5, 2024") == nil)
    }

    @Test func weekdaysAreCheckedAgainstTheDate() throws {
        // 1 July 2024 was a Monday; 2 July 2025 a Wednesday (수).
        #expect(try Self.read("EEE, d MMM yyyy", "Mon, 1 Jul 2024", dateOnly: true) == "2024-07-01")
        #expect(try Self.read("EEEE, MMMM d, yyyy", "Monday, July 1, 2024", dateOnly: true) == "2024-07-01")
        #expect(try Self.read("EEE, d MMM yyyy", "Tue, 1 Jul 2024") == nil)
        #expect(try Self.read("yyyy.MM.dd (E)", "2025.07.02 (수)", dateOnly: true) == "2025-07-02")
        #expect(try Self.read("yyyy.MM.dd EEEE", "2025.07.02 수요일", dateOnly: true) == "2025-07-02")
        #expect(try Self.read("yyyy.MM.dd (E)", "2025.07.02 (목)") == nil)
    }

    @Test(arguments: [
        ("yyyy.MM.dd a h:mm", "2024.07.01 오후 3:05", "2024-07-01T15:05:00+09:00"),
        ("yyyy.MM.dd a h:mm", "2024.07.01 오전 12:30", "2024-07-01T00:30:00+09:00"),
        ("yyyy.MM.dd a h:mm", "2024.07.01 오후 12:30", "2024-07-01T12:30:00+09:00"),
        ("yyyy.MM.dd a hh:mm", "2024.07.01 오전 09:15", "2024-07-01T09:15:00+09:00"),
        ("MMM d, yyyy h:mm a", "Jul 1, 2024 12:00 AM", "2024-07-01T00:00:00+09:00"),
        ("MMM d, yyyy h:mm a", "Jul 1, 2024 12:00 PM", "2024-07-01T12:00:00+09:00"),
        ("MMM d, yyyy h:mm a", "Jul 1, 2024 1:15 p.m.", "2024-07-01T13:15:00+09:00"),
        ("MMM d, yyyy h:mm a", "Jul 1, 2024 11:59 pm", "2024-07-01T23:59:00+09:00"),
        ("MMM d, yyyy h:mm a", "Jul 1, 2024 7:00 A.M.", "2024-07-01T07:00:00+09:00"),
        ("yyyy-MM-dd HH:mm a", "2024-07-01 13:00 PM", "2024-07-01T13:00:00+09:00"),
        ("yyyy. M. d. a h:mm", "2024. 7. 1. 오후 3:05", "2024-07-01T15:05:00+09:00"),
        ("MMMM d, yyyy h:mm a z", "July 1, 2024 8:00 a.m. EDT", "2024-07-01T21:00:00+09:00"),
    ])
    func twelveHourClock(_ pattern: String, _ value: String, _ want: String) throws {
        #expect(try Self.read(pattern, value) == want)
    }

    @Test func twelveHourValuesThatContradictThemselvesGiveNothing() throws {
        #expect(try Self.read("MMM d, yyyy h:mm a", "Jul 1, 2024 13:00 PM") == nil)
        #expect(try Self.read("MMM d, yyyy h:mm a", "Jul 1, 2024 0:30 AM") == nil)
        #expect(try Self.read("yyyy-MM-dd HH:mm a", "2024-07-01 13:00 AM") == nil)
        #expect(try Self.read("MMM d, yyyy h:mm a", "Jul 1, 2024 3:00") == nil)
    }

    // MARK: - Named formats

    @Test(arguments: [
        ("2024-07-01", "2024-07-01T00:00:00+09:00"),
        ("2024-07-01T12:00", "2024-07-01T12:00:00+09:00"),
        ("2024-07-01T12:00:00", "2024-07-01T12:00:00+09:00"),
        ("2024-07-01T12:00Z", "2024-07-01T21:00:00+09:00"),
        ("2024-07-01t12:00:00z", "2024-07-01T21:00:00+09:00"),
        ("2024-07-01T12:00:00.5+05:30", "2024-07-01T15:30:00+09:00"),
        ("2024-07-01 12:00:00+0900", "2024-07-01T12:00:00+09:00"),
        ("2024-07-01T12:00:00.123456789-04:00", "2024-07-02T01:00:00+09:00"),
    ])
    func iso8601(_ value: String, _ want: String) throws {
        #expect(try Self.read("iso8601", value) == want)
    }

    @Test(arguments: [
        ("Mon, 01 Jul 2024 12:00:00 +0000", "2024-07-01T21:00:00+09:00"),
        ("Mon, 1 Jul 2024 12:00:00 GMT", "2024-07-01T21:00:00+09:00"),
        ("1 Jul 2024 08:00 EDT", "2024-07-01T21:00:00+09:00"),
        ("Mon,01 Jul 24 12:00:00 -0400", "2024-07-02T01:00:00+09:00"),
        ("Mon, 01 Jul 2024 21:00:00", "2024-07-01T21:00:00+09:00"),
        ("Mon, 01 July 2024 12:00:00 +0000", "2024-07-01T21:00:00+09:00"),
    ])
    func rfc2822(_ value: String, _ want: String) throws {
        #expect(try Self.read("rfc2822", value) == want)
    }

    @Test func rfc2822RefusesAWrongWeekdayOrAnImpossibleDay() throws {
        #expect(try Self.read("rfc2822", "Tue, 01 Jul 2024 12:00:00 +0000") == nil)
        #expect(try Self.read("rfc2822", "Mon, 31 Jun 2024 12:00:00 +0000") == nil)
    }

    @Test func unixSecondsAndMilliseconds() throws {
        #expect(try Self.read("unix", "1719835200") == "2024-07-01T21:00:00+09:00")
        #expect(try Self.read("unix", " 1719835200.75 ") == "2024-07-01T21:00:00+09:00")
        #expect(try Self.read("unix", "-1", in: "UTC") == "1969-12-31T23:59:59Z")
        #expect(try Self.read("unix", "-1.5", in: "UTC") == "1969-12-31T23:59:58Z")
        #expect(try Self.read("unix_ms", "1719835200999", in: "UTC") == "2024-07-01T12:00:00Z")
        #expect(try Self.read("unix_ms", "-1", in: "UTC") == "1969-12-31T23:59:59Z")
        #expect(try Self.read("unix", "1719835200 seconds") == nil)
        #expect(try Self.read("unix", "17198352OO") == nil)
        #expect(try Self.read("unix", "") == nil)
        #expect(try Self.read("unix", "1.") == nil)
        #expect(try Self.read("unix", "9999999999999") == nil)
    }

    // MARK: - Values that must give nothing

    @Test(arguments: [
        ("yyyy-MM-dd", "2024-02-30"),
        ("yyyy-MM-dd", "2023-02-29"),
        ("yyyy-MM-dd", "2024-13-01"),
        ("yyyy-MM-dd", "2024-04-31"),
        ("yyyy-MM-dd", "0000-01-01"),
        ("yyyy-MM-dd HH:mm", "2024-07-01 25:00"),
        ("yyyy-MM-dd HH:mm", "2024-07-01 24:00"),
        ("yyyy-MM-dd HH:mm", "2024-07-01 12:60"),
        ("yyyy-MM-dd HH:mm:ss", "2024-07-01 12:00:60"),
        ("yyyy-MM-dd", "garbage"),
        ("yyyy-MM-dd", ""),
        ("yyyy-MM-dd", "2024-07-011"),
        ("yyyy-MM-dd", "12024-07-01"),
        ("yyyy-MM-dd", "2024-07-01x"),
        ("yyyy-MM-dd", "no2024-07-01"),
        ("yyyy-MM-dd HH:mm", "2024-07-01 12:00:00"),
        ("yyyy-MM-dd", "2024-02-30 or 2024-03-01"),
        ("dd/MM/yyyy", "07/13/2024"),
    ])
    func badValuesGiveNothing(_ pattern: String, _ value: String) throws {
        #expect(try Self.read(pattern, value) == nil)
    }

    @Test func leapDaysAndTextAroundADate() throws {
        #expect(try Self.read("yyyy-MM-dd", "2024-02-29", dateOnly: true) == "2024-02-29")
        #expect(try Self.read("yyyy-MM-dd", "2000-02-29", dateOnly: true) == "2000-02-29")
        #expect(try Self.read("yyyy-MM-dd", "1900-02-29") == nil)
        #expect(try Self.read("yyyy-MM-dd", "(2024-07-01)", dateOnly: true) == "2024-07-01")
        #expect(try Self.read("yyyy-MM-dd", "입력2024-07-01수정", dateOnly: true) == "2024-07-01")
    }

    // MARK: - Pattern errors

    @Test(arguments: [
        ("yyyy-MM-dd QQQ", "unknown token 'QQQ'"),
        ("yyyy-MM-dd k:mm", "unknown token 'k'"),
        ("yyyy-MMMMM-dd", "unknown token 'MMMMM'"),
        ("yyyy.MM.dd hh:mm", "needs an am/pm marker (a)"),
        ("yyyy.MM.dd a", "an am/pm marker (a) needs an hour"),
        ("MM-dd HH:mm", "needs a year"),
        ("yyyy-MM-dd'T HH:mm", "a quote (') is not closed"),
        ("ISO8601", "unknown token 'I'"),
    ])
    func badPatternsAreRefusedWithTheReason(_ pattern: String, _ reason: String) {
        #expect { try DatePattern(pattern) } throws: { e in
            "\(e)".contains("date pattern '\(pattern)'") && "\(e)".contains(reason)
        }
    }

    /// The bad pattern is the file's only error: the named format and the new letters beside it load.
    @Test func aBadPatternInAParserFileNamesFileLineAndKey() {
        let source = """
            [site]
            name = "mini"
            hosts = ["example.kr"]
            [pages.any]
            url = '^/'
            records = ["page"]
            [records.page]
            type = "article"
            id = { from = "url" }
            [records.page.fields]
            title = "//h1"
            published_at = { xpath = "//time/@datetime", transforms = [{ date = "yyyy-MM-dd QQQ" }] }
            subtitle = { xpath = "//time", transforms = [{ date = "rfc2822" }, { date = "MMM d, yyyy h:mm aXXX" }] }
            """
        let (_, errors) = ParserDefinitionLoader.load(source: source, file: URL(fileURLWithPath: "/p/parser.toml"), displayPath: "parser.toml", types: SampleTypes.catalog)
        #expect(errors.count == 1, "\(errors)")
        let e = errors.first { $0.key.hasPrefix("records.page.fields.published_at.transforms[0]") }
        #expect(e?.line == 12, "\(errors)")
        #expect(e.map { "\($0)" }?.contains("parser.toml:12") == true, "\(errors)")
        #expect(e.map { "\($0)" }?.contains("unknown token 'QQQ'") == true, "\(errors)")
    }
}

/// A small page through a parser whose date fields use the transform: the records a user gets,
/// and the count of values that did not parse, in the result and in `gleaner parse`.
struct DateFieldEndToEndTests {
    static let parserFile = """
        [site]
        name = "londondates"
        hosts = ["example.co.uk"]
        time_zone = "Europe/London"
        [pages.any]
        url = '^/'
        records = ["page"]
        [records.page]
        type = "article"
        id = { from = "url" }
        [records.page.fields]
        title = "//h1"
        published_at = [
          { xpath = "//time/@datetime", transforms = [{ date = "yyyy-MM-dd'T'HH:mm:ss" }], required = true },
          { xpath = "//p[@class='byline']", transforms = [{ date = "MMMM d, yyyy h:mm a" }] },
        ]
        """

    /// The parser folder `londondates` in a new temporary directory.
    static func parserDirectory() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        let folder = dir.url.appendingPathComponent("londondates")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try parserFile.write(to: folder.appendingPathComponent("parser.toml"), atomically: true, encoding: .utf8)
        return dir
    }

    static func page(_ body: String) -> [UInt8] {
        Array("<html><head><meta charset=\"utf-8\"></head><body><h1>Headline</h1>\(body)</body></html>".utf8)
    }

    static func parse(_ body: String) throws -> ParseResult {
        let dir = try parserDirectory()
        let (def, errors) = ParserDefinitionLoader.load(file: dir.url.appendingPathComponent("londondates/parser.toml"), types: SampleTypes.catalog)
        let parser = SiteParser(definition: try #require(def, "\(errors)"))
        return try parser.parse(Page(url: "http://example.co.uk/a/1", body: page(body), fetchedAt: Date(timeIntervalSince1970: 0)))
    }

    static func publishedAt(_ r: ParseResult) -> String? {
        guard let line = r.records.first.map({ String(decoding: $0.jsonLine(), as: UTF8.self) }),
              let json = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
        return json["published_at"] as? String
    }

    @Test func anInstantWithZIsWrittenInTheSitesZone() throws {
        let r = try Self.parse(#"<time datetime="2024-07-01T12:00:00Z">1 July</time>"#)
        #expect(Self.publishedAt(r) == "2024-07-01T13:00:00+01:00")
        #expect(r.unparsedDates.total == 0)
    }

    @Test func aValueThatDoesNotParseIsCountedAndTheNextAlternativeServes() throws {
        let r = try Self.parse(#"<time datetime="2024-02-30T12:00:00Z">?</time><p class="byline">July 1, 2024 3:05 p.m.</p>"#)
        #expect(Self.publishedAt(r) == "2024-07-01T15:05:00+01:00")
        #expect(r.unparsedDates.counts == ["page.published_at[0]": 1])
        #expect(r.unparsedDates.examples.first?.value == "2024-02-30T12:00:00Z")
        #expect(r.unparsedDates.examples.first?.pattern == "yyyy-MM-dd'T'HH:mm:ss")
    }

    @Test func aRequiredDateThatDoesNotParseIsARejectNotAGuess() throws {
        let r = try Self.parse(#"<time datetime="2024-07-01T25:00:00Z">?</time><p class="byline">1 July 2024</p>"#)
        #expect(r.records.isEmpty)
        #expect(r.rejects.map(\.field) == ["published_at"])
        #expect(r.unparsedDates.counts == ["page.published_at[0]": 1, "page.published_at[1]": 1])
    }

    @Test func gleanerParseSaysHowManyDatesDidNotParseAndWhich() throws {
        let dir = try Self.parserDirectory()
        let file = dir.url.appendingPathComponent("page.html")
        try Data(Self.page(#"<time datetime="2024-02-30T12:00:00Z">?</time><p class="byline">July 1, 2024 3:05 p.m.</p>"#)).write(to: file)
        let r = try runGleaner(["parse", "--parser", "londondates", "--parser-dir", dir.path, "--url", "http://example.co.uk/a/1", file.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#""published_at":"2024-07-01T15:05:00+01:00""#), "\(r.stdout)")
        #expect(r.stderr.contains("1 records, 0 rejected, 0 links, 1 date value not parsed (page.published_at[0] 1)"), "\(r.stderr)")
        #expect(r.stderr.contains("date not parsed: page.published_at[0]: '2024-02-30T12:00:00Z' (date 'yyyy-MM-dd'T'HH:mm:ss')"), "\(r.stderr)")
    }
}
