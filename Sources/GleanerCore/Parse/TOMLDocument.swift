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

    /// A value as an error message names what was found: `the string "big"`, `a table`.
    public static func describe(_ v: TOMLValueConvertible) -> String {
        switch v.type {
        case .string: "the string \"\(v.string ?? "")\""
        case .int: "the integer \(v.int ?? 0)"
        case .double: "the number \(v.double ?? 0)"
        case .bool: "the boolean \(v.bool ?? false)"
        case .array: "an array"
        case .table: "a table"
        default: "a date or time"
        }
    }
}
