/// What a record type holds, as a TOML declaration says (`Parsers/types/*.toml`, or a parser's
/// own `[types.NAME]`): the one source for parsing, checking, JSON, dedup and JSON Schema.
public final class RecordTypeDeclaration: Sendable, Hashable, CustomStringConvertible {
    public let name: RecordType
    /// One line, for `gleaner schema` and docs.
    public let summary: String
    /// In declared order: the order of the keys in every JSON line.
    public let fields: [FieldDeclaration]
    /// Taken from seed pages only unless a source's `seed_only` says otherwise (a widget every
    /// page of a site repeats).
    public let seedOnly: Bool
    /// Where it was declared (`file:line`), for messages about conflicts.
    public let origin: String
    private let positions: [String: Int]

    public init(name: RecordType, summary: String, fields: [FieldDeclaration], seedOnly: Bool = false, origin: String = "") {
        self.name = name
        self.summary = summary
        self.fields = fields
        self.seedOnly = seedOnly
        self.origin = origin
        positions = Dictionary(fields.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The position of `field` in `fields`.
    public func index(of field: String) -> Int? { positions[field] }
    public func field(_ name: String) -> FieldDeclaration? { positions[name].map { fields[$0] } }

    /// Same name, fields and meaning: two files may declare one type only this way.
    public func declaresSame(as other: RecordTypeDeclaration) -> Bool {
        name == other.name && fields == other.fields && seedOnly == other.seedOnly && summary == other.summary
    }

    public var description: String { name.rawValue }

    public static func == (a: RecordTypeDeclaration, b: RecordTypeDeclaration) -> Bool { a === b || a.declaresSame(as: b) }
    public func hash(into h: inout Hasher) { h.combine(name) }

    /// Keys every line carries before the type's own fields; no field may use them.
    public static let envelope = ["type", "site", "id", "revision", "url", "fetched_at"]
}

/// One field of a record type.
public struct FieldDeclaration: Sendable, Hashable {
    public var name: String
    public var type: ValueType
    /// A record without a value here is a reject, not a record (an empty array counts as none).
    public var required: Bool
    public var summary: String

    public init(name: String, type: ValueType, required: Bool = false, summary: String) {
        self.name = name
        self.type = type
        self.required = required
        self.summary = summary
    }

    /// Why `name` cannot name a field, or nil: it is a JSON key and a TOML key in parser files.
    public static func problem(with name: String) -> String? {
        if let p = RecordType.problem(with: name), !RecordType.reserved.contains(name) { return p }
        if RecordTypeDeclaration.envelope.contains(name) {
            return "'\(name)' is an envelope key every record carries (\(RecordTypeDeclaration.envelope.joined(separator: ", ")))"
        }
        return nil
    }
}
