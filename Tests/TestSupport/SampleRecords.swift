import Foundation
import GleanerModel
import GleanerParse

/// The shipped record types (Parsers/types/*.toml), and typed views of them for tests that
/// build records by hand or read their fields: test data shaped like a parser's output.
public enum SampleTypes {
    public static let catalog: TypeCatalog = {
        let loaded = TypeCatalog.load(directories: [repositoryRoot().appendingPathComponent("Parsers")])
        precondition(loaded.errors.isEmpty, "Parsers/types: \(loaded.errors)")
        return loaded.catalog
    }()
    public static var article: RecordTypeDeclaration { catalog["article"]! }
    public static var weather: RecordTypeDeclaration { catalog["weather"]! }
    public static var teaser: RecordTypeDeclaration { catalog["teaser"]! }
}

public struct Article: Sendable, Hashable {
    public var section: String?, title: String, subtitle: String?, authors: [String], publishedAt: String?
    public var body: [String], images: [String]

    public init(section: String? = nil, title: String, subtitle: String? = nil, authors: [String] = [],
                publishedAt: String? = nil, body: [String] = [], images: [String] = []) {
        (self.section, self.title, self.subtitle, self.authors, self.publishedAt, self.body, self.images) =
            (section, title, subtitle, authors, publishedAt, body, images)
    }
}

public struct WeatherObservation: Sendable, Hashable {
    public var date: String, location: String, condition: String, conditionCode: String?, temperatureC: Double?
    public var provider: String?

    public init(date: String, location: String, condition: String, conditionCode: String? = nil,
                temperatureC: Double? = nil, provider: String? = nil) {
        (self.date, self.location, self.condition, self.conditionCode, self.temperatureC, self.provider) =
            (date, location, condition, conditionCode, temperatureC, provider)
    }
}

public struct Teaser: Sendable, Hashable {
    public var title: String, targetURL: String, lead: String?, authors: [String], publishedAt: String?, box: String?

    public init(title: String, targetURL: String, lead: String? = nil, authors: [String] = [], publishedAt: String? = nil,
                box: String? = nil) {
        (self.title, self.targetURL, self.lead, self.authors, self.publishedAt, self.box) =
            (title, targetURL, lead, authors, publishedAt, box)
    }
}

public enum SampleBody: Sendable, Hashable {
    case article(Article)
    case weather(WeatherObservation)
    case teaser(Teaser)
    case other
}

extension Record {
    /// A record of a shipped type from its typed view.
    public init(site: String, id: String, revision: Int = 1, url: String, fetchedAt: Date, body: SampleBody) {
        func s(_ v: String?) -> FieldValue? { v.map { .string($0) } }
        func a(_ v: [String]) -> FieldValue? { v.isEmpty ? nil : .array(v.map { .string($0) }) }
        let (declaration, values): (RecordTypeDeclaration, [String: FieldValue?])
        switch body {
        case .article(let x):
            (declaration, values) = (SampleTypes.article, [
                "section": s(x.section), "title": s(x.title), "subtitle": s(x.subtitle), "authors": a(x.authors),
                "published_at": s(x.publishedAt), "body": a(x.body), "images": a(x.images)])
        case .weather(let x):
            (declaration, values) = (SampleTypes.weather, [
                "date": s(x.date), "location": s(x.location), "condition": s(x.condition), "condition_code": s(x.conditionCode),
                "temperature_c": x.temperatureC.map { .number($0) }, "provider": s(x.provider)])
        case .teaser(let x):
            (declaration, values) = (SampleTypes.teaser, [
                "title": s(x.title), "target_url": s(x.targetURL), "lead": s(x.lead), "authors": a(x.authors),
                "published_at": s(x.publishedAt), "box": s(x.box)])
        case .other:
            preconditionFailure("build records of other types with Record(declaration:values:)")
        }
        self.init(site: site, id: id, revision: revision, url: url, fetchedAt: fetchedAt, declaration: declaration,
                  values: values.compactMapValues { $0 })
    }

    /// The typed view of a record of a shipped type.
    public var body: SampleBody {
        func s(_ k: String) -> String? { self[k]?.string }
        func a(_ k: String) -> [String] { self[k]?.strings ?? [] }
        switch type.rawValue {
        case "article":
            return .article(Article(section: s("section"), title: s("title") ?? "", subtitle: s("subtitle"), authors: a("authors"),
                                    publishedAt: s("published_at"), body: a("body"), images: a("images")))
        case "weather":
            return .weather(WeatherObservation(date: s("date") ?? "", location: s("location") ?? "", condition: s("condition") ?? "",
                                               conditionCode: s("condition_code"), temperatureC: self["temperature_c"]?.number,
                                               provider: s("provider")))
        case "teaser":
            return .teaser(Teaser(title: s("title") ?? "", targetURL: s("target_url") ?? "", lead: s("lead"), authors: a("authors"),
                                  publishedAt: s("published_at"), box: s("box")))
        default:
            return .other
        }
    }

    public var article: Article? { if case .article(let a) = body { return a }; return nil }
    public var weather: WeatherObservation? { if case .weather(let w) = body { return w }; return nil }
    public var teaser: Teaser? { if case .teaser(let t) = body { return t }; return nil }

    /// Reads back an output line, typed by the shipped declarations.
    public init(jsonLine: some Sequence<UInt8>) throws {
        try self.init(jsonLine: jsonLine, types: { SampleTypes.catalog[$0] })
    }
}

extension RecordType {
    public static let article: RecordType = "article"
    public static let weather: RecordType = "weather"
    public static let teaser: RecordType = "teaser"
}
