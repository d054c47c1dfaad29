import Foundation
import GleanerModel
import TOMLKit

/// Reads and validates one `parser.toml`, collecting every problem instead of stopping at the
/// first: a parser author fixes a file in one round, not ten.
public enum ParserDefinitionLoader {
    /// Loads `file`; returns the definition when there were no errors, and all errors found.
    /// `displayPath` is how messages name the file (default: the path as given).
    public static func load(file: URL, displayPath: String? = nil) -> (ParserDefinition?, [ParserLoadError]) {
        let shown = displayPath ?? file.path
        switch TextFile.read(file.path) {
        case .success(let source): return load(source: source, file: file, displayPath: shown)
        case .failure(let failure): return (nil, [ParserLoadError(file: shown, line: failure.line, keyPath: "", message: failure.message)])
        }
    }

    public static func load(source: String, file: URL, displayPath: String) -> (ParserDefinition?, [ParserLoadError]) {
        if let bad = TextFile.tomlControlCharacter(in: source) ?? TextFile.tomlBadTableHeader(in: source) {
            return (nil, [ParserLoadError(file: displayPath, line: bad.line, column: bad.column, keyPath: "",
                                          message: "TOML syntax error: \(bad.message)")])
        }
        let root: TOMLTable
        do {
            root = try TOMLTable(string: source)
        } catch let e as TOMLParseError {
            return (nil, [ParserLoadError(file: displayPath, line: e.source.begin.line, column: e.source.begin.column,
                                          keyPath: "", message: "TOML syntax error: \(e.description)")])
        } catch {
            return (nil, [ParserLoadError(file: displayPath, keyPath: "", message: "TOML syntax error: \(error)")])
        }
        var r = TOMLReader(file: displayPath, locator: TOMLLocator(source: source))
        let def = DefinitionBuilder.build(root, file: file, reader: &r)
        let errors = r.errors.sorted { ($0.line ?? Int.max, $0.keyPath) < ($1.line ?? Int.max, $1.keyPath) }
        return (errors.isEmpty ? def : nil, errors)
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
            error(join(path, key), "expected a string, found \(v.type)")
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
            error(join(path, key), "expected an array of strings, found \(v.type)")
            return nil
        }
        var out: [String] = []
        for (i, e) in a.enumerated() {
            guard let s = e.string else {
                error("\(join(path, key))[\(i)]", "expected a string, found \(e.type)")
                continue
            }
            out.append(s)
        }
        return out
    }

    mutating func bool(_ t: TOMLTable, _ key: String, _ path: String) -> Bool? {
        guard let v = t[key] else { return nil }
        guard let b = v.bool else {
            error(join(path, key), "expected true or false, found \(v.type)")
            return nil
        }
        return b
    }

    mutating func int(_ t: TOMLTable, _ key: String, _ path: String) -> Int? {
        guard let v = t[key] else { return nil }
        guard let i = v.int else {
            error(join(path, key), "expected an integer, found \(v.type)")
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
            error(join(path, key), "expected a table, found \(v.type)")
            return nil
        }
        return tt
    }

    func join(_ path: String, _ key: String) -> String {
        let k = key.contains(".") || key.contains(" ") ? "\"\(key)\"" : key
        return path.isEmpty ? k : "\(path).\(k)"
    }
}
