/// What TOMLKit's parser would abort the process on instead of reporting, found in the text
/// first so that a bad file gets a syntax error with line and column (TOMLDocument).
enum TOMLPrecheck {
    /// The first raw control character in TOML text, which TOML allows nowhere (tab, LF and CR
    /// aside): TOMLKit's parser asserts on some of them (`[` followed by ESC aborts the process),
    /// so they are refused before it sees the text. Returns 1-based line and column, and a message.
    static func controlCharacter(in text: String) -> (line: Int, column: Int, message: String)? {
        var line = 1, column = 1
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0x7F {
                let code = String(v, radix: 16, uppercase: true)
                return (line, column, "control character U+\(String(repeating: "0", count: 4 - code.count))\(code) is not allowed in TOML (write it as an escape inside a string)")
            }
            if v == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        return nil
    }

    /// What TOMLKit's parser asserts on instead of reporting it, found first: a table header whose
    /// name does not start with a key (`[#`, `[a.]`), and a `}` where an array expects a value
    /// (`m = [}`, `m = [1, }`). Strings and comments are skipped; only headers at the start of a
    /// line outside array values are headers.
    static func badTableHeader(in text: String) -> (line: Int, column: Int, message: String)? {
        let c = Array(text.unicodeScalars)
        var i = c.first == "\u{FEFF}" ? 1 : 0, line = 1, lineStart = 0, atLineStart = true
        var containers: [Unicode.Scalar] = []  // open `[` of array values and `{` of inline tables
        var expectsValue = false
        func isBare(_ u: Unicode.Scalar) -> Bool {
            (u >= "a" && u <= "z") || (u >= "A" && u <= "Z") || (u >= "0" && u <= "9") || u == "_" || u == "-"
        }
        func skipString(_ quote: Unicode.Scalar) {
            let triple = i + 2 < c.count && c[i + 1] == quote && c[i + 2] == quote
            i += triple ? 3 : 1
            while i < c.count {
                if c[i] == "\\" && quote == "\"" { i += 2; continue }
                if c[i] == "\n" {
                    if !triple { return }
                    line += 1; lineStart = i + 1
                }
                if c[i] == quote, !triple || (i + 2 < c.count && c[i + 1] == quote && c[i + 2] == quote) {
                    i += triple ? 3 : 1
                    return
                }
                i += 1
            }
        }
        while i < c.count {
            let u = c[i]
            if u == "\"" || u == "'" { skipString(u); atLineStart = false; expectsValue = false; continue }
            if u == "#" { while i < c.count, c[i] != "\n" { i += 1 }; continue }
            if u == "\n" { line += 1; lineStart = i + 1; atLineStart = true; i += 1; continue }
            if u == " " || u == "\t" || u == "\r" { i += 1; continue }
            if u == "[", atLineStart, containers.isEmpty {
                i += (i + 1 < c.count && c[i + 1] == "[") ? 2 : 1
                while true {
                    while i < c.count, c[i] == " " || c[i] == "\t" { i += 1 }
                    if i < c.count, c[i] == "\"" || c[i] == "'" {
                        skipString(c[i])
                    } else if i < c.count, isBare(c[i]) {
                        while i < c.count, isBare(c[i]) { i += 1 }
                    } else {
                        return (line, i - lineStart + 1, "expected a table name after '[' or '.'")
                    }
                    while i < c.count, c[i] == " " || c[i] == "\t" { i += 1 }
                    guard i < c.count, c[i] == "." else { break }
                    i += 1
                }
                atLineStart = false
                continue
            }
            if u == "}", expectsValue {
                return (line, i - lineStart + 1, "expected a value or ']' in the array, found '}'")
            }
            switch u {
            case "[": containers.append(u); expectsValue = true
            case "{": containers.append(u); expectsValue = false
            case "]", "}": _ = containers.popLast(); expectsValue = false
            case ",": expectsValue = containers.last == "["
            default: expectsValue = false
            }
            atLineStart = false
            i += 1
        }
        return nil
    }
}
