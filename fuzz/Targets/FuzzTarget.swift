import Foundation
import GleanerCrawl
import GleanerFetch
import GleanerModel
import GleanerParse

/// The entry points `make fuzz` drives with libFuzzer and the test suite replays its corpus
/// through (Tests/FuzzCorpus/<target>/). Each takes arbitrary bytes, must never trap, and
/// returns a count of what it produced, which the replay checks is bounded.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// A fetched page: charset decision, conversion and the tvseoul parser (records, links).
    case page
    /// The charset decision from a Content-Type line and the body, then conversion to UTF-8.
    case charset
    /// robots.txt parsing and a verdict for a few paths.
    case robots
    /// URL normalisation and resolution against a base, as links and seeds go through them.
    case url
    /// A gleaner.toml, through the configuration loader's checks.
    case config
    /// A parser.toml, through the parser-definition loader and compiler.
    case parser

    /// Runs one input; returns how many things it produced (records, rules, URLs, problems).
    public func run(_ data: [UInt8], context: FuzzContext) -> Int {
        switch self {
        case .page: Self.page(data, context)
        case .charset: Self.charset(data)
        case .robots: Self.robots(data)
        case .url: Self.url(data)
        case .config: Self.config(data)
        case .parser: Self.parser(data)
        }
    }

    // MARK: - Targets

    /// The first byte picks the URL (so every page kind is reached) and whether a Content-Type
    /// with a charset comes with the page; the rest is the body.
    static func page(_ data: [UInt8], _ context: FuzzContext) -> Int {
        guard let parser = context.tvseoul, let selector = data.first else { return 0 }
        let urls = [
            "http://www.tvseoul.kr/", "http://www.tvseoul.kr/news/article.html?no=62031",
            "http://www.tvseoul.kr/news/section_list_all.html?sec_no=11", "http://tvseoul.kr/news/article.html?no=1&page=2",
        ]
        let contentTypes: [String?] = [nil, "text/html; charset=euc-kr", "text/html; charset=utf-8", "text/html"]
        let page = Page(url: urls[Int(selector) % urls.count], body: Array(data.dropFirst()),
                        contentType: contentTypes[Int(selector / 4) % contentTypes.count], fetchedAt: Date(timeIntervalSince1970: 1.7e9))
        guard let result = try? parser.parse(page) else { return 0 }
        return result.records.count + result.rejects.count + result.links.count
    }

    /// First line: a Content-Type value; the rest: the body.
    static func charset(_ data: [UInt8]) -> Int {
        let newline = data.firstIndex(of: 10) ?? data.endIndex
        let contentType = String(decoding: data[..<newline], as: UTF8.self)
        let body = Array(data[min(newline + 1, data.endIndex)...])
        let decision = Charset.decide(bytes: body, contentType: contentType, override: nil, defaultLabel: "euc-kr")
        _ = Charset.label(fromContentType: contentType).flatMap(Charset.canonicalName(forLabel:))
        guard let doc = try? HTMLDocument(bytes: body, url: "http://www.tvseoul.kr/", contentType: contentType,
                                          charsetOverride: nil, defaultCharset: "euc-kr") else { return 0 }
        return decision.charset.utf8.count + doc.charset.replacedBytes
    }

    static func robots(_ data: [UInt8]) -> Int {
        let robots = Robots(parsing: data)
        for path in ["/", "/news/article.html?no=1", "/admin/", "/%E2%82%AC", "/a*b$"] {
            _ = robots.verdict(for: path, productToken: "gleaner")
        }
        _ = robots.crawlDelay(for: "gleaner")
        return robots.groups.reduce(0) { $0 + $1.rules.count } + robots.sitemaps.count
    }

    /// First line: the base; second: the reference; both resolved and normalised every way a
    /// link or a seed goes.
    static func url(_ data: [UInt8]) -> Int {
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let base = lines.count > 1 ? lines[0] : "http://www.tvseoul.kr/news/"
        let reference = lines.count > 1 ? lines[1] : text
        var produced = 0
        if let resolved = URLResolver.resolve(reference, against: base) {
            produced += 1
            _ = URLResolver.host(of: resolved)
            _ = URLResolver.pathAndQuery(of: resolved)
            _ = URLResolver.normalize(resolved, dropping: ["utm_source"], hostAliases: ["www.tvseoul.kr", "tvseoul.kr"],
                                      canonicalHost: "www.tvseoul.kr")
        }
        let scope = FrontierScope(hosts: ["www.tvseoul.kr", "tvseoul.kr"], trackingParameters: ["utm_source"],
                                  canonicalHost: "www.tvseoul.kr")
        if case .success = URLNormalizer.normalize(reference, base: base, scope: scope) { produced += 1 }
        if case .success = URLNormalizer.normalize(reference) { produced += 1 }
        return produced
    }

    static func config(_ data: [UInt8]) -> Int {
        guard let text = String(validatingUTF8Bytes: data) else { return 0 }
        do {
            let config = try Configuration.parse(text, file: "fuzz.toml")
            return config.sources.count
        } catch let error as ConfigurationError {
            return error.problems.count
        } catch {
            return 1
        }
    }

    static func parser(_ data: [UInt8]) -> Int {
        guard let text = String(validatingUTF8Bytes: data) else { return 0 }
        let (definition, errors) = ParserDefinitionLoader.load(
            source: text, file: URL(fileURLWithPath: "/nonexistent/fuzz/parser.toml"), displayPath: "fuzz/parser.toml")
        return errors.count + (definition?.pageKinds.count ?? 0)
    }
}

/// What the targets share across inputs: the tvseoul parser, loaded once.
public final class FuzzContext: Sendable {
    public let tvseoul: SiteParser?

    /// `parsers`: the folder holding `tvseoul/parser.toml` (the repository's `Parsers`).
    public init(parsers: URL) {
        tvseoul = (try? ParserRegistry.load(directories: [parsers]))?.parser(named: "tvseoul")
    }
}

extension String {
    init?(validatingUTF8Bytes bytes: [UInt8]) {
        guard let s = String(validating: bytes, as: UTF8.self) else { return nil }
        self = s
    }
}
