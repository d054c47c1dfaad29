import GleanerModel

/// What a parser file may set for each record type: the Model's field names, their shape and
/// which ones a record cannot be emitted without.
enum RecordSchema {
    enum Shape: Sendable { case string, strings, number }

    struct Field: Sendable {
        var name: String
        var shape: Shape
        /// Non-optional in the Model: always required.
        var required: Bool
    }

    static func fields(of type: RecordType) -> [Field] {
        switch type {
        case .article:
            return [
                Field(name: "section", shape: .string, required: false),
                Field(name: "title", shape: .string, required: true),
                Field(name: "subtitle", shape: .string, required: false),
                Field(name: "authors", shape: .strings, required: false),
                Field(name: "published_at", shape: .string, required: false),
                Field(name: "body", shape: .strings, required: false),
                Field(name: "images", shape: .strings, required: false),
            ]
        case .weather:
            return [
                Field(name: "date", shape: .string, required: true),
                Field(name: "location", shape: .string, required: true),
                Field(name: "condition", shape: .string, required: true),
                Field(name: "condition_code", shape: .string, required: false),
                Field(name: "temperature_c", shape: .number, required: false),
                Field(name: "provider", shape: .string, required: false),
            ]
        case .teaser:
            return [
                Field(name: "title", shape: .string, required: true),
                Field(name: "target_url", shape: .string, required: true),
                Field(name: "lead", shape: .string, required: false),
                Field(name: "authors", shape: .strings, required: false),
                Field(name: "published_at", shape: .string, required: false),
                Field(name: "box", shape: .string, required: false),
            ]
        }
    }

    static func field(_ name: String, of type: RecordType) -> Field? {
        fields(of: type).first { $0.name == name }
    }
}
