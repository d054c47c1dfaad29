import TOMLKit

/// One TOML file read and parsed the same way for the configuration, `parser.toml` and
/// `fixtures.toml`: UTF-8 checked (TextFile), refused before TOMLKit on what it would abort on,
/// parsed, and indexed for the lines of its keys.
public struct TOMLDocument {
    public let root: TOMLTable
    public let locator: TOMLLocator

    /// Why a file could not be read or parsed: where (line, and column for syntax errors) and what.
    public struct Failure: Error, Sendable {
        public var line: Int?
        public var column: Int?
        /// "cannot read the file: …", "not UTF-8 text: …" or "TOML syntax error: …".
        public var message: String
    }

    /// Reads and parses the file at `path`.
    public static func read(_ path: String) -> Result<TOMLDocument, Failure> {
        switch TextFile.read(path) {
        case .success(let text): parse(text)
        case .failure(let failure): .failure(Failure(line: failure.line, message: failure.message))
        }
    }

    /// Parses TOML text.
    public static func parse(_ text: String) -> Result<TOMLDocument, Failure> {
        if let bad = TOMLPrecheck.controlCharacter(in: text) ?? TOMLPrecheck.badTableHeader(in: text) {
            return .failure(Failure(line: bad.line, column: bad.column, message: "TOML syntax error: \(bad.message)"))
        }
        do {
            return .success(TOMLDocument(root: try TOMLTable(string: text), locator: TOMLLocator(source: text)))
        } catch let e as TOMLParseError {
            return .failure(Failure(line: e.source.begin.line, column: e.source.begin.column,
                                    message: "TOML syntax error: \(e.description)"))
        } catch {
            return .failure(Failure(message: "TOML syntax error: \(error)"))
        }
    }
}

extension TOMLProblem {
    /// The problem of a file that could not be read or parsed; it names no key.
    public init(file: String, failure: TOMLDocument.Failure) {
        self.init(file: file, line: failure.line, column: failure.column, key: "", message: failure.message)
    }
}
