/// A field's value, typed by its declaration: what a record holds and writes as JSON.
public enum FieldValue: Sendable, Hashable {
    /// Text, and the values of `datetime`, `date` and `url` fields, kept as written.
    case string(String)
    case integer(Int64)
    case number(Double)
    case boolean(Bool)
    case array([FieldValue])

    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var strings: [String] {
        switch self {
        case .array(let a): a.compactMap(\.string)
        case .string(let s): [s]
        default: []
        }
    }
    public var number: Double? {
        switch self {
        case .number(let d): d
        case .integer(let i): Double(i)
        default: nil
        }
    }

    func write(to o: inout JSONObjectWriter, key: String) {
        switch self {
        case .string(let s): o.field(key, s)
        case .integer(let i): o.field(key, Int(i))
        case .number(let d): o.field(key, d)
        case .boolean(let b): o.field(key, b)
        case .array(let a): o.field(key, array: a)
        }
    }

    /// About the bytes this value takes in JSON, for sizing the line buffer once.
    var sizeHint: Int {
        switch self {
        case .string(let s): s.utf8.count + 3
        case .array(let a): a.reduce(2) { $0 + $1.sizeHint }
        default: 24
        }
    }
}
