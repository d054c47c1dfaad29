/// Everything wrong with a configuration file, each problem naming file, line, key and what was
/// expected, so an operator can fix them all in one edit instead of one restart per mistake.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var file: String
        /// 1-based line of the key (or of its table) when it could be found in the text.
        public var line: Int?
        /// Dotted key path, with array-of-table indexes: `source[1].every`.
        public var key: String
        public var message: String

        public init(file: String, line: Int?, key: String, message: String) {
            self.file = file
            self.line = line
            self.key = key
            self.message = message
        }

        public var description: String {
            let place = line.map { "\(file):\($0)" } ?? file
            return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
        }
    }

    public var problems: [Problem]

    public init(problems: [Problem]) { self.problems = problems }

    public var description: String {
        problems.count == 1
            ? "invalid configuration: \(problems[0])"
            : "invalid configuration (\(problems.count) problems):\n" + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}
