/// One problem in a configuration, parser or fixtures file: where it is and what was expected.
/// Prints as `FILE:LINE: KEY: message` (`FILE:LINE:COLUMN: message` for syntax errors).
public struct TOMLProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line of the key (or of its nearest table) when it could be found in the text.
    public var line: Int?
    /// 1-based column, for syntax errors.
    public var column: Int?
    /// Dotted key path with array-of-table indexes (`source[1].every`); empty when the problem
    /// concerns the whole file.
    public var key: String
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, key: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
    }
}
