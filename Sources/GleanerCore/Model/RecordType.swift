/// The name of a record type (`article`, `weather`, or one a parser declares); each type has its
/// own output directory `out/<type>/`. What a type holds is its `RecordTypeDeclaration`.
public struct RecordType: RawRepresentable, Sendable, Hashable, Comparable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ name: String) { rawValue = name }
    public init(stringLiteral name: String) { rawValue = name }

    public var description: String { rawValue }
    public static func < (a: RecordType, b: RecordType) -> Bool { a.rawValue < b.rawValue }

    /// Why `name` cannot name a type, or nil: it becomes a directory and a JSON `type` value, so
    /// lowercase ASCII, digits and `_`, and not a name the output already uses.
    public static func problem(with name: String) -> String? {
        guard let first = name.utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z"),
              name.utf8.allSatisfy({ ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "_") }),
              name.utf8.count <= 64
        else { return "'\(name)' must start with a lowercase letter and hold only a-z, 0-9 and '_' (at most 64)" }
        if reserved.contains(name) { return "'\(name)' is reserved (\(reserved.sorted().joined(separator: ", ")) name output gleaner writes itself)" }
        return nil
    }

    /// `out/rejects/` holds rejects, whose lines say `"type":"reject"`.
    static let reserved: Set<String> = ["reject", "rejects"]
}
