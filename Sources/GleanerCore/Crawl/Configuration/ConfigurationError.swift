import GleanerParse

/// Everything wrong with a configuration file, each problem naming file, line, key and what was
/// expected, so an operator can fix them all in one edit instead of one restart per mistake.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// `FILE:LINE: KEY: message`, the same as a parser file's problems.
    public typealias Problem = TOMLProblem

    public var problems: [Problem]

    public init(problems: [Problem]) { self.problems = problems }

    public var description: String {
        problems.count == 1
            ? "invalid configuration: \(problems[0])"
            : "invalid configuration (\(problems.count) problems):\n" + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}
