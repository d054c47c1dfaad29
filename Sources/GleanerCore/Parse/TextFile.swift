import Foundation

/// Reads a configuration or parser file as UTF-8 text, with an error a person can act on: the
/// file is missing, a directory, unreadable (with the system's reason), or not UTF-8 (with the
/// offset and line of the first bad byte), instead of Foundation's "error 256".
public enum TextFile {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// 1-based line of the first invalid byte, when the file is not UTF-8.
        public var line: Int?
        public var message: String
        public var description: String { message }
    }

    public static func read(_ path: String) -> Result<String, Failure> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(Failure(message: "cannot read the file: no such file"))
        }
        if isDirectory.boolValue { return .failure(Failure(message: "cannot read the file: it is a directory")) }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return .failure(Failure(message: "cannot read the file: \(String(cString: strerror(errno)))")) }
        close(fd)
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(Failure(message: "cannot read the file"))
        }
        let bytes = [UInt8](data)
        if let bad = firstInvalidUTF8(bytes) {
            let line = bytes[..<bad].reduce(1) { $1 == 10 ? $0 + 1 : $0 }
            let hex = String(bytes[bad], radix: 16, uppercase: true)
            return .failure(Failure(line: line, message: "not UTF-8 text: invalid byte 0x\(hex.count == 1 ? "0" : "")\(hex) at offset \(bad) (save the file as UTF-8)"))
        }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    /// The offset of the first byte that does not belong to well-formed UTF-8, or nil.
    public static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int, low: UInt8, high: UInt8  // the allowed range of the second byte
            switch b {
            case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
            case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (length, low, high) = (3, 0x80, 0xBF)
            case 0xED: (length, low, high) = (3, 0x80, 0x9F)
            case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
            case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
            case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
            default: return i
            }
            guard i + length <= n, (low...high).contains(bytes[i + 1]) else { return i }
            for k in 2..<max(length, 2) where !(0x80...0xBF).contains(bytes[i + k]) { return i }
            i += length
        }
        return nil
    }

    /// The first raw control character in TOML text, which TOML allows nowhere (tab, LF and CR
    /// aside): TOMLKit's parser asserts on some of them (`[` followed by ESC aborts the process),
    /// so they are refused before it sees the text. Returns 1-based line and column, and a message.
    public static func tomlControlCharacter(in text: String) -> (line: Int, column: Int, message: String)? {
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
    public static func tomlBadTableHeader(in text: String) -> (line: Int, column: Int, message: String)? {
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

