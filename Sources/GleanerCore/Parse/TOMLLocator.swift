/// Finds the line of a key path in TOML source text.
///
/// TOMLKit reports positions for syntax errors only, so semantic errors ("unknown transform")
/// get their line from this scan of table headers and `key =` lines. A path inside an inline
/// table resolves to the line of its nearest enclosing key.
struct TOMLLocator {
    private var lines: [String: Int] = [:]

    init(source: String) {
        var table: [String] = []
        for (n, rawLine) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.drop(while: { $0 == " " || $0 == "\t" })
            if line.hasPrefix("[") {
                let inner = line.drop(while: { $0 == "[" })
                guard let close = inner.firstIndex(of: "]") else { continue }
                table = Self.keyParts(inner[..<close])
                record(table, n + 1)
            } else if let eq = Self.assignmentIndex(line) {
                record(table + Self.keyParts(line[..<eq]), n + 1)
            }
        }
    }

    private mutating func record(_ path: [String], _ line: Int) {
        let key = path.joined(separator: ".")
        if lines[key] == nil { lines[key] = line }
    }

    /// The line of `path` or of its longest known prefix.
    func line(of path: String) -> Int? {
        var parts = path.replacingBrackets().split(separator: ".").map(String.init)
        while !parts.isEmpty {
            if let l = lines[parts.joined(separator: ".")] { return l }
            parts.removeLast()
        }
        return nil
    }

    /// Split `a."b.c".d` into [a, b.c, d].
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
}

private extension String {
    /// `a.b[2].c` → `a.b.c`: array indices have no line of their own.
    func replacingBrackets() -> String {
        var out = ""
        var skipping = false
        for c in self {
            if c == "[" { skipping = true } else if c == "]" { skipping = false } else if !skipping { out.append(c) }
        }
        return out
    }
}
