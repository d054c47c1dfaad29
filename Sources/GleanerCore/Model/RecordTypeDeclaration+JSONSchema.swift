/// The JSON Schema (2020-12) of a record type's lines, generated from its declaration: what
/// `gleaner schema` prints and docs/schema/ holds.
extension RecordTypeDeclaration {
    public var jsonSchema: OrderedJSON {
        let name = self.name.rawValue
        var properties: [(String, OrderedJSON)] = [
            ("type", .object([("const", .string(name)), ("description", .string("Record type."))])),
            ("site", .object([("type", .string("string")), ("pattern", .string("^[A-Za-z0-9_-]+$")),
                              ("description", .string("Parser name (site.name in parser.toml)."))])),
            ("id", .object([("type", .string("string")), ("minLength", .integer(1)),
                            ("description", .string("Stable identity within the site and type, as the parser's id rule makes it."))])),
            ("revision", .object([("type", .string("integer")), ("minimum", .integer(1)),
                                  ("description", .string("1 when first seen; +1 each time the content of the same id changes."))])),
            ("url", .object([("$ref", .string("#/$defs/httpURL")),
                             ("description", .string("The page the record came from (its canonical URL where the page declares one)."))])),
            ("fetched_at", .object([("$ref", .string("#/$defs/utcTime")),
                                    ("description", .string("When the page was fetched, RFC 3339 UTC."))])),
        ]
        for f in fields {
            var schema: [(String, OrderedJSON)]
            if case .array(let element) = f.type {
                schema = [("type", .string("array")), ("items", .object(Self.schema(of: element)))]
                if f.required { schema.append(("minItems", .integer(1))) }
            } else if f.required {
                schema = Self.schema(of: f.type)
            } else {
                schema = [("anyOf", .array([.object(Self.schema(of: f.type)), .object([("type", .string("null"))])]))]
            }
            schema.append(("description", .string(f.summary)))
            properties.append((f.name, .object(schema)))
        }
        return .object([
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string("https://gleaner.invalid/schema/\(name).schema.json")),
            ("title", .string("gleaner \(name) record")),
            ("description", .string("\(summary) One JSON Lines line in out/\(name)/.")),
            ("type", .string("object")),
            ("properties", .object(properties)),
            ("required", .array(properties.map { .string($0.0) })),
            ("additionalProperties", .bool(false)),
            ("$defs", .object([
                ("httpURL", .object([("type", .string("string")), ("pattern", .string(#"^https?://[^\s/?#]+[^\s]*$"#))])),
                ("utcTime", .object([("type", .string("string")), ("pattern", .string(#"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"#)),
                                     ("format", .string("date-time"))])),
                ("zonedTime", .object([("type", .string("string")),
                                       ("pattern", .string(#"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"#)),
                                       ("format", .string("date-time"))])),
                ("date", .object([("type", .string("string")), ("pattern", .string(#"^\d{4}-\d{2}-\d{2}$"#)), ("format", .string("date"))])),
            ])),
        ])
    }

    private static func schema(of type: ValueType) -> [(String, OrderedJSON)] {
        switch type {
        case .string: [("type", .string("string")), ("minLength", .integer(1))]
        case .integer: [("type", .string("integer"))]
        case .number: [("type", .string("number"))]
        case .boolean: [("type", .string("boolean"))]
        case .datetime: [("$ref", .string("#/$defs/zonedTime"))]
        case .date: [("$ref", .string("#/$defs/date"))]
        case .url: [("$ref", .string("#/$defs/httpURL"))]
        case .array(let e): [("type", .string("array")), ("items", .object(schema(of: e)))]
        }
    }
}
