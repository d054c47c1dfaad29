import GleanerParse
import TOMLKit

/// Reads one TOML table into typed values, remembering which keys it used so that any other
/// key is reported as unknown, and turning every type mismatch into a problem that names the
/// key and the expected type (TOMLKit's own decoder reports those as "key not found").
final class TOMLReader {
    let table: TOMLTable
    let path: String
    private let context: Context
    private var used: Set<String> = []

    /// Shared by every reader of one file: where problems go, and how lines are found.
    final class Context {
        let file: String
        let locator: TOMLLocator
        var problems: [ConfigurationError.Problem] = []

        init(file: String, locator: TOMLLocator) {
            self.file = file
            self.locator = locator
        }

        func report(_ key: String, _ message: String) {
            problems.append(.init(file: file, line: locator.line(of: key), key: key, message: message))
        }
    }

    init(_ table: TOMLTable, path: String, context: Context) {
        self.table = table
        self.path = path
        self.context = context
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func report(_ key: String, _ message: String) { context.report(keyPath(key), message) }

    /// Reports every key of the table that no reader call asked for.
    func finish() {
        for key in table.keys.sorted() where !used.contains(key) {
            context.report(keyPath(key), "unknown key (check the spelling; see docs/configuration.md)")
        }
    }

    private func value(_ key: String) -> TOMLValueConvertible? {
        used.insert(key)
        return table[key]
    }

    private func mismatch(_ key: String, expected: String, found: TOMLValueConvertible) {
        report(key, "expected \(expected), found \(TOMLDocument.describe(found))")
    }

    // MARK: - Scalars

    func string(_ key: String) -> String? {
        guard let v = value(key) else { return nil }
        guard let s = v.string else { mismatch(key, expected: "a string", found: v); return nil }
        return s
    }

    /// An integer within `range` (every count has a sane range: docs/configuration.md).
    func int(_ key: String, _ range: ClosedRange<Int>) -> Int? {
        guard let v = value(key) else { return nil }
        guard let i = v.int else { mismatch(key, expected: "an integer", found: v); return nil }
        guard range.contains(i) else {
            report(key, "expected an integer from \(range.lowerBound) to \(range.upperBound), found \(i)")
            return nil
        }
        return i
    }

    func bool(_ key: String) -> Bool? {
        guard let v = value(key) else { return nil }
        guard let b = v.bool else { mismatch(key, expected: "true or false", found: v); return nil }
        return b
    }

    /// A duration within `range`: a value outside it (`"99999999999999999999d"`) is refused at
    /// load, with the bounds, instead of overflowing a timer later.
    func duration(_ key: String, _ range: ClosedRange<ConfigDuration>) -> ConfigDuration? {
        guard let v = value(key) else { return nil }
        guard let s = v.string else {
            mismatch(key, expected: "a duration string like \"90s\", \"10m\" or \"1h30m\"", found: v)
            return nil
        }
        return checkedDuration(s, at: keyPath(key), range)
    }

    func checkedDuration(_ s: String, at path: String, _ range: ClosedRange<ConfigDuration>) -> ConfigDuration? {
        guard let d = ConfigDuration(parsing: s) else {
            context.report(path, "expected a duration like \"90s\", \"10m\", \"1h30m\" or \"1d\" (units ms, s, m, h, d), found \"\(s)\"")
            return nil
        }
        guard range.contains(d) else {
            context.report(path, "expected a duration from \(range.lowerBound) to \(range.upperBound), found \"\(s)\"")
            return nil
        }
        return d
    }

    /// A size within `range`, written as `"10MiB"` or a number of bytes.
    func byteSize(_ key: String, _ range: ClosedRange<ByteSize>) -> ByteSize? {
        guard let v = value(key) else { return nil }
        let size: ByteSize
        if let i = v.int {
            size = ByteSize(bytes: i)
        } else if let s = v.string, let parsed = ByteSize(parsing: s) {
            size = parsed
        } else {
            mismatch(key, expected: "a size like \"10MiB\", \"512KiB\" or a number of bytes", found: v)
            return nil
        }
        guard range.contains(size) else {
            let found = v.int.map { "\($0)" } ?? "\"\(v.string ?? "")\""
            report(key, "expected a size from \(range.lowerBound) to \(range.upperBound), found \(found)")
            return nil
        }
        return size
    }

    /// A string that must be one of `choices`.
    func choice(_ key: String, _ choices: [String]) -> String? {
        guard let s = string(key) else { return nil }
        guard choices.contains(s) else {
            report(key, "expected one of \(choices.map { "\"\($0)\"" }.joined(separator: ", ")), found \"\(s)\"")
            return nil
        }
        return s
    }

    // MARK: - Arrays and tables

    func stringArray(_ key: String) -> [String]? {
        guard let v = value(key) else { return nil }
        guard let array = v.array else { mismatch(key, expected: "an array of strings", found: v); return nil }
        var out: [String] = []
        for (i, element) in array.enumerated() {
            guard let s = element.string else {
                context.report("\(keyPath(key))[\(i)]", "expected a string, found \(TOMLDocument.describe(element))")
                return nil
            }
            out.append(s)
        }
        return out
    }

    func durationArray(_ key: String, _ range: ClosedRange<ConfigDuration>) -> [ConfigDuration]? {
        guard let strings = stringArray(key) else { return nil }
        var out: [ConfigDuration] = []
        for (i, s) in strings.enumerated() {
            guard let d = checkedDuration(s, at: "\(keyPath(key))[\(i)]", range) else { return nil }
            out.append(d)
        }
        return out
    }

    func table(_ key: String) -> TOMLReader? {
        guard let v = value(key) else { return nil }
        guard let t = v.table else { mismatch(key, expected: "a table ([\(keyPath(key))])", found: v); return nil }
        return TOMLReader(t, path: keyPath(key), context: context)
    }

    /// `[[key]]` entries, each with its own reader (`source[0]`, `source[1]`, …).
    func tableArray(_ key: String) -> [TOMLReader] {
        guard let v = value(key) else { return [] }
        guard let array = v.array else { mismatch(key, expected: "an array of tables ([[\(key)]])", found: v); return [] }
        var out: [TOMLReader] = []
        for (i, element) in array.enumerated() {
            guard let t = element.table else {
                context.report("\(keyPath(key))[\(i)]", "expected a table, found \(TOMLDocument.describe(element))")
                continue
            }
            out.append(TOMLReader(t, path: "\(keyPath(key))[\(i)]", context: context))
        }
        return out
    }

    /// A table whose keys are free-form and whose values are strings (e.g. `[http.connect_to]`).
    func stringTable(_ key: String) -> [String: String]? {
        guard let reader = table(key) else { return nil }
        var out: [String: String] = [:]
        for k in reader.table.keys {
            if let s = reader.string(k) { out[k] = s }
        }
        return out
    }
}
