/// Finds the line of a key path in TOML text, for the configuration and the parser files alike.
///
/// TOMLKit reports positions for syntax errors only, so every other error gets its line from this
/// scan of table headers and `key =` lines. `[[source]]` entries are numbered (`source[2]`, and
/// `[source.politeness]` after it is `source[2].politeness`), quoted and dotted keys are split as
/// TOML splits them, lines inside multi-line strings are skipped, and a path that has no line of
/// its own (a key inside an inline table, an array element) gets the line of its nearest parent.
public struct TOMLLocator: Sendable {
    /// Unquoted key parts joined by "." (array-table entries as `name[i]`) → first line.
    private var lines: [String: Int] = [:]

    public init(source: String) {
        var header = ""
        var arrayCounts: [String: Int] = [:]  // indexed path of an array table → entries so far
        var inMultilineString = false
        for (n, raw) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.drop(while: { $0 == " " || $0 == "\t" || $0 == "\u{FEFF}" })
            if line.last == "\r" { line = line.dropLast() }
            let triples = Self.tripleQuotes(line)
            if inMultilineString {
                if triples % 2 == 1 { inMultilineString = false }
                continue
            }
            if line.hasPrefix("[[") {
                let parts = Self.keyParts(Self.headerName(line.dropFirst(2)))
                guard let last = parts.last else { continue }
                let parent = Self.indexed(parts.dropLast(), arrayCounts)
                let name = parent.isEmpty ? last : "\(parent).\(last)"
                let count = arrayCounts[name, default: 0]
                arrayCounts[name] = count + 1
                header = "\(name)[\(count)]"
                record(name, n + 1)  // the array as a whole: its first entry
                record(header, n + 1)
            } else if line.hasPrefix("[") {
                header = Self.indexed(Self.keyParts(Self.headerName(line.dropFirst())), arrayCounts)
                record(header, n + 1)
            } else if let eq = Self.assignmentIndex(line) {
                let key = Self.keyParts(line[..<eq]).joined(separator: ".")
                record(header.isEmpty ? key : "\(header).\(key)", n + 1)
            }
            if !line.hasPrefix("#"), triples % 2 == 1 { inMultilineString = true }
        }
    }

    /// The line of `path` (`site.hosts`, `source[1].seeds[0]`, `tables."a.b"`), else of its
    /// nearest enclosing key or table that appears in the text.
    public func line(of path: String) -> Int? {
        if let line = lines[path] { return line }
        var candidate = Self.unquoted(path)
        while !candidate.isEmpty {
            if let line = lines[candidate] { return line }
            guard let cut = candidate.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            candidate = String(candidate[..<cut])
        }
        return nil
    }

    private mutating func record(_ path: String, _ line: Int) {
        if lines[path] == nil { lines[path] = line }
    }

    /// `source.politeness` after the third `[[source]]` is `source[2].politeness`.
    private static func indexed<S: Sequence<String>>(_ parts: S, _ counts: [String: Int]) -> String {
        var path = ""
        for part in parts {
            path = path.isEmpty ? part : "\(path).\(part)"
            if let count = counts[path] { path += "[\(count - 1)]" }
        }
        return path
    }

    /// The name inside a header, up to its first `]` outside quotes.
    private static func headerName(_ s: Substring) -> Substring {
        var quote: Character?
        for i in s.indices {
            let c = s[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "]" {
                return s[..<i]
            }
        }
        return s
    }

    /// Splits `a."b.c".d` into [a, b.c, d].
    static func keyParts(_ s: Substring) -> [String] {
        var parts: [String] = []
        var cur = ""
        var quote: Character?
        for c in s {
            if let q = quote {
                if c == q { quote = nil } else { cur.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "." {
                parts.append(cur.trimmingCharacters(in: [" ", "\t"]))
                cur = ""
            } else {
                cur.append(c)
            }
        }
        parts.append(cur.trimmingCharacters(in: [" ", "\t"]))
        return parts.filter { !$0.isEmpty }
    }

    /// A path as the index stores it: quotes of quoted parts removed (`tables."a.b"` → `tables.a.b`).
    private static func unquoted(_ path: String) -> String {
        path.contains("\"") || path.contains("'") ? String(path.filter { $0 != "\"" && $0 != "'" }) : path
    }

    /// Index of the `=` of a `key = value` line (outside quotes), nil for other lines.
    static func assignmentIndex(_ line: Substring) -> Substring.Index? {
        guard let f = line.first, f != "#", f != "{", f != "}", f != "]" else { return nil }
        var quote: Character?
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "=" {
                return i
            } else if !(c.isLetter || c.isNumber || c == "_" || c == "-" || c == "." || c == " " || c == "\t") {
                return nil
            }
            i = line.index(after: i)
        }
        return nil
    }

    /// How many `"""` and `'''` delimiters a line holds; an odd count opens or closes a multi-line string.
    private static func tripleQuotes(_ line: Substring) -> Int {
        var count = 0
        var run: (Character, Int) = (" ", 0)
        for c in line {
            if c == "\"" || c == "'" {
                run = run.0 == c ? (c, run.1 + 1) : (c, 1)
                if run.1 == 3 { count += 1; run = (" ", 0) }
            } else {
                run = (" ", 0)
            }
        }
        return count
    }
}
