import Foundation

/// One problem in a parser file, with where it is and what was expected.
public struct ParserLoadError: Error, CustomStringConvertible, Sendable, Hashable {
    public var file: String
    /// 1-based; nil when the place cannot be pinned to a line.
    public var line: Int?
    public var column: Int?
    /// Dotted key path, e.g. `records.article.fields.title.transforms[1]`.
    public var keyPath: String
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    /// `Parsers/x/parser.toml:12:5: records.article.fields.title: unknown transform 'trimm' …`
    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        return keyPath.isEmpty ? "\(place): \(message)" : "\(place): \(keyPath): \(message)"
    }
}

/// Every problem found while loading parsers; loading never stops at the first one.
public struct ParserLoadErrors: Error, CustomStringConvertible, Sendable {
    public var errors: [ParserLoadError]

    public init(_ errors: [ParserLoadError]) { self.errors = errors }

    public var description: String {
        "\(errors.count) error\(errors.count == 1 ? "" : "s") in parser files:\n"
            + errors.map { "  " + $0.description }.joined(separator: "\n")
    }
}
