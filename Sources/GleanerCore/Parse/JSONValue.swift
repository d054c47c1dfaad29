/// A decoded JSON value (RFC 8259). Numbers keep their JSON text, so `4.50` stays `4.50` and a
/// large id never passes through a Double; booleans are never confused with numbers.
enum JSONValue: Sendable, Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// The text a field gets from a scalar; nil for null, objects and arrays.
    var scalarText: String? {
        switch self {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        case .null, .object, .array: nil
        }
    }

    /// What the value is, for messages: "an object", "an array of 3", "a string".
    var kindDescription: String {
        switch self {
        case .object(let o): o.keys.contains("@type") || o.keys.contains("name") ? "an object (\(Self.objectSummary(o)))" : "an object"
        case .array(let a): "an array of \(a.count)"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }

    private static func objectSummary(_ o: [String: JSONValue]) -> String {
        let keys = ["@type", "name", "@id", "url"].filter { o[$0] != nil }
        return "keys " + keys.joined(separator: ", ") + (o.count > keys.count ? ", …" : "")
    }
}
