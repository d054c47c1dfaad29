/// One problem in a parser file (`parser.toml`, `fixtures.toml`), or a parser folder.
public typealias ParserLoadError = TOMLProblem

/// Every problem found while loading parsers; loading never stops at the first one.
public struct ParserLoadErrors: Error, CustomStringConvertible, Sendable {
    public var errors: [ParserLoadError]

    public init(_ errors: [ParserLoadError]) { self.errors = errors }

    public var description: String {
        "\(errors.count) error\(errors.count == 1 ? "" : "s") in parser files:\n"
            + errors.map { "  " + $0.description }.joined(separator: "\n")
    }
}
