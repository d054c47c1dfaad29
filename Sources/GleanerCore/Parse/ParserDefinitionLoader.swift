import Foundation
import GleanerModel
import TOMLKit

/// Reads and validates one `parser.toml`, collecting every problem instead of stopping at the
/// first: a parser author fixes a file in one round, not ten.
public enum ParserDefinitionLoader {
    /// Loads `file`; returns the definition when there were no errors, and all errors found.
    /// `displayPath` is how messages name the file (default: the path as given).
    public static func load(file: URL, displayPath: String? = nil) -> (ParserDefinition?, [ParserLoadError]) {
        load(TOMLDocument.read(file.path), file: file, displayPath: displayPath ?? file.path)
    }

    public static func load(source: String, file: URL, displayPath: String) -> (ParserDefinition?, [ParserLoadError]) {
        load(TOMLDocument.parse(source), file: file, displayPath: displayPath)
    }

    private static func load(_ document: Result<TOMLDocument, TOMLDocument.Failure>, file: URL,
                             displayPath: String) -> (ParserDefinition?, [ParserLoadError]) {
        let doc: TOMLDocument
        switch document {
        case .success(let d): doc = d
        case .failure(let f): return (nil, [ParserLoadError(file: displayPath, failure: f)])
        }
        var r = TOMLReader(file: displayPath, locator: doc.locator)
        let def = DefinitionBuilder.build(doc.root, file: file, reader: &r)
        let errors = r.errors.sorted { ($0.line ?? Int.max, $0.keyPath) < ($1.line ?? Int.max, $1.keyPath) }
        return (errors.isEmpty ? def : nil, errors)
    }
}

extension ParserLoadError {
    /// The error of a file that could not be read or parsed; it names no key.
    init(file: String, failure: TOMLDocument.Failure) {
        self.init(file: file, line: failure.line, column: failure.column, keyPath: "", message: failure.message)
    }
}

/// Typed access to TOML values that records an error (with line and key path) on a mismatch.
struct TOMLReader {
    let file: String
    let locator: TOMLLocator
    var errors: [ParserLoadError] = []

    mutating func error(_ path: String, _ message: String) {
        errors.append(ParserLoadError(file: file, line: locator.line(of: path), keyPath: path, message: message))
    }

    func line(of path: String) -> Int? { locator.line(of: path) }

    mutating func checkKeys(_ t: TOMLTable, _ path: String, allowed: [String]) {
        for k in t.keys where !allowed.contains(k) {
            error(join(path, k), "unknown key '\(k)' (expected one of: \(allowed.joined(separator: ", ")))")
        }
    }

    mutating func string(_ t: TOMLTable, _ key: String, _ path: String, required: Bool = false) -> String? {
        guard let v = t[key] else {
            if required { error(join(path, key), "missing; expected a string") }
            return nil
        }
        guard let s = v.string else {
            error(join(path, key), "expected a string, found \(TOMLDocument.describe(v))")
            return nil
        }
        return s
    }

    mutating func strings(_ t: TOMLTable, _ key: String, _ path: String, required: Bool = false) -> [String]? {
        guard let v = t[key] else {
            if required { error(join(path, key), "missing; expected an array of strings") }
            return nil
        }
        if let s = v.string { return [s] }
        guard let a = v.array else {
            error(join(path, key), "expected an array of strings, found \(TOMLDocument.describe(v))")
            return nil
        }
        var out: [String] = []
        for (i, e) in a.enumerated() {
            guard let s = e.string else {
                error("\(join(path, key))[\(i)]", "expected a string, found \(TOMLDocument.describe(e))")
                continue
            }
            out.append(s)
        }
        return out
    }

    mutating func bool(_ t: TOMLTable, _ key: String, _ path: String) -> Bool? {
        guard let v = t[key] else { return nil }
        guard let b = v.bool else {
            error(join(path, key), "expected true or false, found \(TOMLDocument.describe(v))")
            return nil
        }
        return b
    }

    mutating func int(_ t: TOMLTable, _ key: String, _ path: String) -> Int? {
        guard let v = t[key] else { return nil }
        guard let i = v.int else {
            error(join(path, key), "expected an integer, found \(TOMLDocument.describe(v))")
            return nil
        }
        return i
    }

    mutating func table(_ t: TOMLTable, _ key: String, _ path: String, required: Bool = false) -> TOMLTable? {
        guard let v = t[key] else {
            if required { error(join(path, key), "missing; expected a table") }
            return nil
        }
        guard let tt = v.table else {
            error(join(path, key), "expected a table, found \(TOMLDocument.describe(v))")
            return nil
        }
        return tt
    }

    func join(_ path: String, _ key: String) -> String {
        let k = key.contains(".") || key.contains(" ") ? "\"\(key)\"" : key
        return path.isEmpty ? k : "\(path).\(k)"
    }
}
