import Foundation

/// One emitted record: the common envelope plus the fields of its type.
///
/// The envelope (`type`, `site`, `id`, `revision`, `url`, `fetched_at`) comes first in the
/// JSON line, then the body's fields in the order their type declares.
public struct Record: Sendable, Hashable {
    public var site: String
    /// Stable identity within `site` and `type` (an article's `no`, weather's `date/location`).
    public var id: String
    /// 1 when first seen; the dedup stage raises it when the content of the same id changes.
    public var revision: Int
    public var url: String
    public var fetchedAt: Date
    public var body: RecordBody

    public init(site: String, id: String, revision: Int = 1, url: String, fetchedAt: Date, body: RecordBody) {
        self.site = site
        self.id = id
        self.revision = revision
        self.url = url
        self.fetchedAt = fetchedAt
        self.body = body
    }

    public var type: RecordType { body.type }

    /// Identity used by dedup and the state store.
    public var key: RecordKey { RecordKey(site: site, type: type, id: id) }
}

public struct RecordKey: Sendable, Hashable, CustomStringConvertible {
    public var site: String
    public var type: RecordType
    public var id: String

    public init(site: String, type: RecordType, id: String) {
        self.site = site
        self.type = type
        self.id = id
    }

    public var description: String { "\(site)/\(type)/\(id)" }
}

/// The typed content of a record.
public enum RecordBody: Sendable, Hashable {
    case article(Article)
    case weather(WeatherObservation)
    case teaser(Teaser)

    public var type: RecordType {
        switch self {
        case .article: .article
        case .weather: .weather
        case .teaser: .teaser
        }
    }

    func writeFields(to object: inout JSONObjectWriter) {
        switch self {
        case .article(let a): a.writeFields(to: &object)
        case .weather(let w): w.writeFields(to: &object)
        case .teaser(let t): t.writeFields(to: &object)
        }
    }
}
