import Foundation

/// One emitted record: the common envelope plus the values of its type's fields.
///
/// The envelope (`type`, `site`, `id`, `revision`, `url`, `fetched_at`) comes first in the
/// JSON line, then every declared field in declared order (`null` or `[]` when it has no value).
public struct Record: Sendable, Hashable {
    public var site: String
    /// Stable identity within `site` and `type` (an article's `no`, weather's `date/location`).
    public var id: String
    /// 1 when first seen; the dedup stage raises it when the content of the same id changes.
    public var revision: Int
    public var url: String
    public var fetchedAt: Date
    public let declaration: RecordTypeDeclaration
    /// One slot per declared field, in declared order.
    public private(set) var values: [FieldValue?]

    /// A record of `declaration` with `values` by field name; names the type does not declare
    /// are a programming error (the parse stage checks them when a parser loads).
    public init(site: String, id: String, revision: Int = 1, url: String, fetchedAt: Date,
                declaration: RecordTypeDeclaration, values: [String: FieldValue] = [:]) {
        var slots = [FieldValue?](repeating: nil, count: declaration.fields.count)
        for (name, v) in values {
            guard let i = declaration.index(of: name) else { preconditionFailure("\(name) is not a field of \(declaration.name)") }
            slots[i] = v
        }
        self.init(site: site, id: id, revision: revision, url: url, fetchedAt: fetchedAt, declaration: declaration, slots: slots)
    }

    /// A record whose slots are already in declared order.
    public init(site: String, id: String, revision: Int = 1, url: String, fetchedAt: Date,
                declaration: RecordTypeDeclaration, slots: [FieldValue?]) {
        precondition(slots.count == declaration.fields.count)
        self.site = site
        self.id = id
        self.revision = revision
        self.url = url
        self.fetchedAt = fetchedAt
        self.declaration = declaration
        values = slots
    }

    public var type: RecordType { declaration.name }

    /// Identity used by dedup and the state store.
    public var key: RecordKey { RecordKey(site: site, type: type, id: id) }

    /// The value of `field`, nil when it has none or the type does not declare it.
    public subscript(field: String) -> FieldValue? {
        get { declaration.index(of: field).flatMap { values[$0] } }
        set {
            guard let i = declaration.index(of: field) else { preconditionFailure("\(field) is not a field of \(type)") }
            values[i] = newValue
        }
    }

    func writeFields(to o: inout JSONObjectWriter) {
        for (f, v) in zip(declaration.fields, values) {
            if let v {
                v.write(to: &o, key: f.name)
            } else if f.type.isArray {
                o.field(f.name, array: [])
            } else {
                o.null(f.name)
            }
        }
    }

    /// Roughly the JSON size of the fields, so the buffer is allocated once instead of grown.
    var encodedSizeHint: Int {
        values.reduce(64) { $0 + ($1?.sizeHint ?? 6) } + declaration.fields.reduce(0) { $0 + $1.name.utf8.count + 4 }
    }
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
