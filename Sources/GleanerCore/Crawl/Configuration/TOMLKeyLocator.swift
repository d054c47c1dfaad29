/// Finds the line a key sits on in TOML text.
///
/// TOMLKit reports a line only for syntax errors; values carry no position. This scanner follows
/// table headers (`[http]`, `[[source]]`, `[source.politeness]`) and `key =` lines, which is
/// enough to point an operator at the right line for the flat files gleaner reads.
struct TOMLKeyLocator {
    private var lines: [String: Int] = [:]

    init(text: String) {
        var header = ""
        var arrayCounts: [String: Int] = [:]
        var inMultilineString = false
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            let quotes = line.components(separatedBy: "'''").count - 1 + line.components(separatedBy: "\"\"\"").count - 1
            if inMultilineString {
                if quotes % 2 == 1 { inMultilineString = false }
                continue
            }
            if line.hasPrefix("[[") {
                let name = Self.unquote(String(line.dropFirst(2).prefix { $0 != "]" }))
                let count = arrayCounts[name, default: 0]
                arrayCounts[name] = count + 1
                header = "\(name)[\(count)]"
                record(header, lineNumber)
            } else if line.hasPrefix("[") {
                let name = Self.unquote(String(line.dropFirst().prefix { $0 != "]" }))
                header = Self.indexed(name, arrayCounts)
                record(header, lineNumber)
            } else if let eq = Self.assignment(line) {
                let key = Self.unquote(eq)
                record(header.isEmpty ? key : "\(header).\(key)", lineNumber)
                if quotes % 2 == 1 { inMultilineString = true }
            }
        }
    }

    /// The line of `path`, else of the nearest enclosing table that appears in the text.
    func line(of path: String) -> Int? {
        var candidate = path
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

    /// `[source.politeness]` belongs to the latest `[[source]]`: `source[2].politeness`.
    private static func indexed(_ dotted: String, _ counts: [String: Int]) -> String {
        let parts = dotted.split(separator: ".").map(String.init)
        var path = ""
        for part in parts {
            path = path.isEmpty ? part : "\(path).\(part)"
            if let count = counts[path] { path += "[\(count - 1)]" }
        }
        return path
    }

    private static func assignment(_ line: String) -> String? {
        guard let first = line.first, first != "#", first != "\"" || line.contains("=") else { return nil }
        if first == "\"" || first == "'" {
            guard let close = line.dropFirst().firstIndex(of: first) else { return nil }
            let after = line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)
            return after.hasPrefix("=") ? String(line[...close]) : nil
        }
        guard let eq = line.firstIndex(of: "=") else { return nil }
        let key = line[..<eq].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || "_-.\"'".contains($0) }) else { return nil }
        return key
    }

    private static func unquote(_ key: String) -> String {
        if key.count >= 2, let f = key.first, f == "\"" || f == "'", key.last == f,
           key.filter({ $0 == f }).count == 2 {
            return String(key.dropFirst().dropLast())
        }
        return key.split(separator: ".").map { part in
            var p = part.trimmingCharacters(in: .whitespaces)
            if p.count >= 2, let f = p.first, f == "\"" || f == "'", p.last == f { p = String(p.dropFirst().dropLast()) }
            return p
        }.joined(separator: ".")
    }
}
