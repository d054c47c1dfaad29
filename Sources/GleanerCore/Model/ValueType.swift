/// The type of a record field's value, as a type declaration names it (`string`, `url[]`, …).
public indirect enum ValueType: Sendable, Hashable, CustomStringConvertible {
    case string
    case integer
    case number
    case boolean
    /// RFC 3339 with an offset, kept as the site wrote it (`2025-03-22T10:07:10+09:00`).
    case datetime
    /// `YYYY-MM-DD`, a real calendar date.
    case date
    /// An absolute http(s) URL.
    case url
    /// Zero or more values of a scalar type; written as a JSON array.
    case array(ValueType)

    public static let scalars: [ValueType] = [.string, .integer, .number, .boolean, .datetime, .date, .url]

    /// Reads `string`, `integer`, …, or `T[]` for an array of `T`.
    public init?(spelling: String) {
        if spelling.hasSuffix("[]") {
            guard let element = ValueType(spelling: String(spelling.dropLast(2))), !element.isArray else { return nil }
            self = .array(element)
            return
        }
        guard let t = Self.scalars.first(where: { $0.description == spelling }) else { return nil }
        self = t
    }

    public var description: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .number: "number"
        case .boolean: "boolean"
        case .datetime: "datetime"
        case .date: "date"
        case .url: "url"
        case .array(let e): "\(e)[]"
        }
    }

    public var isArray: Bool { if case .array = self { true } else { false } }

    /// Every spelling a declaration may use, for error messages.
    public static var spellings: String {
        scalars.map(\.description).joined(separator: ", ") + ", or an array of one of them such as string[]"
    }
}
