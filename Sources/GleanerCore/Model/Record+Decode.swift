import Foundation

/// Why a JSON line could not be read back as a record.
public struct RecordDecodingError: Error, CustomStringConvertible {
    public var field: String
    public var detail: String
    public var description: String { "record: field '\(field)': \(detail)" }
}

extension Record {
    /// Reads back a line written by `jsonLine()`, typing its fields by the declaration of its
    /// `type` (used by tools and tests that check output).
    public init(jsonLine: some Sequence<UInt8>, types: (RecordType) -> RecordTypeDeclaration?) throws {
        let data = Data(jsonLine)
        guard let obj = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw RecordDecodingError(field: "", detail: "not a JSON object")
        }
        func str(_ k: String) throws -> String {
            guard let v = obj[k] as? String else { throw RecordDecodingError(field: k, detail: "expected a string") }
            return v
        }
        let typeName = try str("type")
        guard let declaration = types(RecordType(typeName)) else {
            throw RecordDecodingError(field: "type", detail: "no declaration of record type '\(typeName)'")
        }
        guard let fetched = RFC3339.parse(try str("fetched_at")) else {
            throw RecordDecodingError(field: "fetched_at", detail: "expected an RFC 3339 timestamp")
        }
        guard let revision = obj["revision"] as? Int else {
            throw RecordDecodingError(field: "revision", detail: "expected an integer")
        }
        var slots: [FieldValue?] = []
        for f in declaration.fields {
            guard let raw = obj[f.name], !(raw is NSNull) else { slots.append(nil); continue }
            guard let v = Self.decode(raw, as: f.type) else {
                throw RecordDecodingError(field: f.name, detail: "expected a value of type \(f.type)")
            }
            // Missing arrays are written as []: read back as no value, as they were built.
            if case .array(let a) = v, a.isEmpty { slots.append(nil) } else { slots.append(v) }
        }
        self.init(site: try str("site"), id: try str("id"), revision: revision, url: try str("url"),
                  fetchedAt: fetched, declaration: declaration, slots: slots)
    }

    private static func decode(_ raw: Any, as type: ValueType) -> FieldValue? {
        switch type {
        case .array(let e):
            guard let items = raw as? [Any] else { return nil }
            let values = items.compactMap { decode($0, as: e) }
            return values.count == items.count ? .array(values) : nil
        case .integer: return (raw as? NSNumber).map { .integer($0.int64Value) }
        case .number: return (raw as? NSNumber).map { .number($0.doubleValue) }
        case .boolean: return (raw as? Bool).map { .boolean($0) }
        case .string, .datetime, .date, .url: return (raw as? String).map { .string($0) }
        }
    }
}
