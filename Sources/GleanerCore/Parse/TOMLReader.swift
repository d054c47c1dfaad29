import TOMLKit

/// Reads one TOML table into typed values for the configuration, `parser.toml` and
/// `fixtures.toml` alike. It remembers which keys were asked for, so `finish()` reports every
/// other key as unknown (with the closest known key as a hint), and turns every type mismatch
/// into a problem that names the key, the expected type and what was found.
package final class TOMLReader {
    package let table: TOMLTable
    /// Dotted path of this table in the file (`source[1].politeness`); empty for the root.
    package let path: String
    package let context: Context
    private var known: Set<String> = []

    /// Shared by every reader of one file: where problems go, and how their lines are found.
    package final class Context {
        package let file: String
        package let locator: TOMLLocator
        package var problems: [TOMLProblem] = []

        package init(file: String, locator: TOMLLocator) {
            self.file = file
            self.locator = locator
        }

        /// Records a problem at a full key path (`source[0].seeds[2]`).
        package func report(_ path: String, _ message: String) {
            problems.append(TOMLProblem(file: file, line: locator.line(of: path), key: path, message: message))
        }

        /// The problems in file order (by line, then key).
        package var sortedProblems: [TOMLProblem] {
            problems.enumerated()
                .sorted { ($0.element.line ?? Int.max, $0.element.key, $0.offset) < ($1.element.line ?? Int.max, $1.element.key, $1.offset) }
                .map(\.element)
        }
    }

    package init(_ table: TOMLTable, path: String, context: Context) {
        self.table = table
        self.path = path
        self.context = context
    }

    /// The root reader of a parsed document.
    package convenience init(_ document: TOMLDocument, file: String) {
        self.init(document.root, path: "", context: Context(file: file, locator: document.locator))
    }

    /// The path of `key` in this table; a key with `.` or a space in it is quoted, as in TOML.
    package func keyPath(_ key: String) -> String {
        let k = key.contains(".") || key.contains(" ") ? "\"\(key)\"" : key
        return path.isEmpty ? k : "\(path).\(k)"
    }

    /// Records a problem at `relative`, a path below this table (`emit[2]`, `connect_to.x`).
    package func report(_ relative: String, _ message: String) {
        context.report(path.isEmpty ? relative : "\(path).\(relative)", message)
    }

    /// The table's keys in file order of reading (TOMLKit's order); each counts as known.
    package var keys: [String] {
        let keys = Array(table.keys)
        known.formUnion(keys)
        return keys
    }

    /// Declares keys as known without reading them (keys read only in some cases).
    package func allow(_ keys: [String]) { known.formUnion(keys) }

    /// Reports every key of the table that no read asked for, with a hint when one of the
    /// known keys is close: `unknown key 'concurency' (did you mean 'concurrency'?)`.
    package func finish() {
        for key in table.keys.sorted() where !known.contains(key) {
            let hint = Spelling.suggestion(for: key, among: known).map { "did you mean '\($0)'?" }
                ?? (known.isEmpty ? "this table has no keys" : "expected one of: \(known.sorted().joined(separator: ", "))")
            context.report(keyPath(key), "unknown key '\(key)' (\(hint))")
        }
    }

    /// The raw value of `key`, which now counts as known.
    package func value(_ key: String) -> TOMLValueConvertible? {
        known.insert(key)
        return table[key]
    }

    package func mismatch(_ key: String, expected: String, found: TOMLValueConvertible) {
        context.report(keyPath(key), "expected \(expected), found \(Self.describe(found))")
    }

    private func missing(_ key: String, expected: String) {
        context.report(keyPath(key), "missing; expected \(expected)")
    }

    /// A value as an error message names what was found: `the string "big"`, `a table`.
    package static func describe(_ v: TOMLValueConvertible) -> String {
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

    // MARK: - Scalars

    package func string(_ key: String, required: Bool = false) -> String? {
        guard let v = value(key) else {
            if required { missing(key, expected: "a string") }
            return nil
        }
        guard let s = v.string else { mismatch(key, expected: "a string", found: v); return nil }
        return s
    }

    package func int(_ key: String) -> Int? {
        guard let v = value(key) else { return nil }
        guard let i = v.int else { mismatch(key, expected: "an integer", found: v); return nil }
        return i
    }

    /// An integer within `range` (every count of the configuration has one: docs/configuration.md).
    package func int(_ key: String, _ range: ClosedRange<Int>) -> Int? {
        guard let i = int(key) else { return nil }
        guard range.contains(i) else {
            report(key, "expected an integer from \(range.lowerBound) to \(range.upperBound), found \(i)")
            return nil
        }
        return i
    }

    package func bool(_ key: String) -> Bool? {
        guard let v = value(key) else { return nil }
        guard let b = v.bool else { mismatch(key, expected: "true or false", found: v); return nil }
        return b
    }

    /// A string that must be one of `choices`.
    package func choice(_ key: String, _ choices: [String]) -> String? {
        guard let s = string(key) else { return nil }
        guard choices.contains(s) else {
            report(key, "expected one of \(choices.map { "\"\($0)\"" }.joined(separator: ", ")), found \"\(s)\"")
            return nil
        }
        return s
    }

    // MARK: - Arrays and tables

    /// An array of strings; with `orString`, a single string stands for an array of one.
    /// Every element that is not a string is reported; then the result is nil.
    package func stringArray(_ key: String, required: Bool = false, orString: Bool = false) -> [String]? {
        guard let v = value(key) else {
            if required { missing(key, expected: "an array of strings") }
            return nil
        }
        if orString, let s = v.string { return [s] }
        guard let array = v.array else { mismatch(key, expected: "an array of strings", found: v); return nil }
        var out: [String] = []
        for (i, element) in array.enumerated() {
            if let s = element.string { out.append(s) } else {
                context.report("\(keyPath(key))[\(i)]", "expected a string, found \(Self.describe(element))")
            }
        }
        return out.count == array.count ? out : nil
    }

    /// The reader of the table at `key`.
    package func table(_ key: String, required: Bool = false) -> TOMLReader? {
        guard let v = value(key) else {
            if required { missing(key, expected: "a table ([\(keyPath(key))])") }
            return nil
        }
        guard let t = v.table else { mismatch(key, expected: "a table ([\(keyPath(key))])", found: v); return nil }
        return TOMLReader(t, path: keyPath(key), context: context)
    }

    /// A reader for a table found inside a value (an element of an array), at `path`.
    package func reader(_ table: TOMLTable, at path: String) -> TOMLReader {
        TOMLReader(table, path: path, context: context)
    }

    /// `[[key]]` entries, each with its own reader (`source[0]`, `source[1]`, …).
    package func tableArray(_ key: String, required: Bool = false) -> [TOMLReader] {
        guard let v = value(key) else {
            if required { missing(key, expected: "[[\(keyPath(key))]] entries") }
            return []
        }
        guard let array = v.array else { mismatch(key, expected: "an array of tables ([[\(key)]])", found: v); return [] }
        var out: [TOMLReader] = []
        for (i, element) in array.enumerated() {
            guard let t = element.table else {
                context.report("\(keyPath(key))[\(i)]", "expected a table, found \(Self.describe(element))")
                continue
            }
            out.append(TOMLReader(t, path: "\(keyPath(key))[\(i)]", context: context))
        }
        return out
    }

    /// A table whose keys are free-form and whose values are strings (`[http.connect_to]`,
    /// a parser's `[tables.<name>]`).
    package func stringTable(_ key: String) -> [String: String]? {
        guard let reader = table(key) else { return nil }
        var out: [String: String] = [:]
        for k in reader.keys {
            if let s = reader.string(k) { out[k] = s }
        }
        return out
    }
}
