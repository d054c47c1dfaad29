import Foundation

/// Why a JSON line could not be read back as a record.
public struct RecordDecodingError: Error, CustomStringConvertible {
    public var field: String
    public var detail: String
    public var description: String { "record: field '\(field)': \(detail)" }
}

extension Record {
    /// Reads back a line written by `jsonLine()` (used by tools and tests that check output).
    public init(jsonLine: some Sequence<UInt8>) throws {
        let data = Data(jsonLine)
        guard let obj = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw RecordDecodingError(field: "", detail: "not a JSON object")
        }
        func str(_ k: String) throws -> String {
            guard let v = obj[k] as? String else { throw RecordDecodingError(field: k, detail: "expected a string") }
            return v
        }
        func optStr(_ k: String) -> String? { obj[k] as? String }
        func strs(_ k: String) -> [String] { obj[k] as? [String] ?? [] }
        guard let type = RecordType(rawValue: try str("type")) else {
            throw RecordDecodingError(field: "type", detail: "unknown record type")
        }
        guard let fetched = RFC3339.parse(try str("fetched_at")) else {
            throw RecordDecodingError(field: "fetched_at", detail: "expected an RFC 3339 timestamp")
        }
        guard let revision = obj["revision"] as? Int else {
            throw RecordDecodingError(field: "revision", detail: "expected an integer")
        }
        let body: RecordBody
        switch type {
        case .article:
            body = .article(Article(
                section: optStr("section"), title: try str("title"), subtitle: optStr("subtitle"),
                authors: strs("authors"), publishedAt: optStr("published_at"), body: strs("body"),
                images: strs("images")))
        case .weather:
            body = .weather(WeatherObservation(
                date: try str("date"), location: try str("location"), condition: try str("condition"),
                conditionCode: optStr("condition_code"), temperatureC: (obj["temperature_c"] as? NSNumber)?.doubleValue,
                provider: optStr("provider")))
        case .teaser:
            body = .teaser(Teaser(
                title: try str("title"), targetURL: try str("target_url"), lead: optStr("lead"),
                authors: strs("authors"), publishedAt: optStr("published_at"), box: optStr("box")))
        }
        self.init(site: try str("site"), id: try str("id"), revision: revision, url: try str("url"),
                  fetchedAt: fetched, body: body)
    }
}
