import Foundation

/// A date pattern such as `yyyy.MM.dd HH:mm:ss`, found anywhere inside a value.
///
/// Tokens: `yyyy`, `MM`/`M`, `dd`/`d`, `HH`/`H`, `mm`, `ss`; a space matches any whitespace;
/// `'T'` is quoted literal text; other letters are errors, everything else is literal.
/// Written by hand instead of DateFormatter: that is not `Sendable`, and a fixed numeric
/// pattern needs no locale.
public struct DatePattern: Sendable {
    public let pattern: String
    private let regex: CompiledRegex
    /// Which component each capture group holds.
    private let components: [Component]

    enum Component: Sendable { case year, month, day, hour, minute, second }

    public init(_ pattern: String) throws {
        self.pattern = pattern
        var re = ""
        var comps: [Component] = []
        let chars = Array(pattern)
        var i = 0
        func run(_ c: Character) -> Int {
            var n = 0
            while i + n < chars.count, chars[i + n] == c { n += 1 }
            return n
        }
        while i < chars.count {
            let c = chars[i]
            if c == "'" {
                // 'T' — quoted literal text, as in DateFormatter patterns.
                var lit = ""
                i += 1
                while i < chars.count, chars[i] != "'" { lit.append(chars[i]); i += 1 }
                i += 1
                re += Self.escaped(lit)
                continue
            }
            let n = run(c)
            switch c {
            case "y" where n == 4: re += "(\\d{4})"; comps.append(.year)
            case "M" where n <= 2: re += "(\\d{1,2})"; comps.append(.month)
            case "d" where n <= 2: re += "(\\d{1,2})"; comps.append(.day)
            case "H" where n <= 2: re += "(\\d{1,2})"; comps.append(.hour)
            case "m" where n == 2: re += "(\\d{2})"; comps.append(.minute)
            case "s" where n == 2: re += "(\\d{2})"; comps.append(.second)
            case " ": re += "\\s+"
            default:
                if c.isLetter {
                    throw DatePatternError(pattern: pattern, detail: "unknown token '\(String(repeating: c, count: n))' (use yyyy MM dd HH mm ss)")
                }
                re += Self.escaped(String(repeating: c, count: n))
            }
            i += n
        }
        guard comps.contains(.year), comps.contains(.month), comps.contains(.day) else {
            throw DatePatternError(pattern: pattern, detail: "needs at least yyyy, MM and dd")
        }
        regex = try CompiledRegex(re)
        components = comps
    }

    /// Literal text in a regex: ASCII punctuation escaped, everything else as it is (a letter
    /// after a backslash means something else).
    static func escaped(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            if u.isASCII, u.value > 0x20, u.value < 0x7F, !u.properties.isAlphabetic, !("0"..."9").contains(u) { out += "\\" }
            out.unicodeScalars.append(u)
        }
        return out
    }

    /// RFC 3339 in `timeZone` (e.g. `2025-03-22T10:07:10+09:00`), or `yyyy-MM-dd` when `dateOnly`.
    public func parse(_ s: String, timeZone: TimeZone, dateOnly: Bool) -> String? {
        guard let g = regex.groups(in: s) else { return nil }
        var v: [Component: Int] = [:]
        for (k, comp) in components.enumerated() { v[comp] = Int(g[k + 1]) }
        let y = v[.year] ?? 0, mo = v[.month] ?? 0, d = v[.day] ?? 0
        let h = v[.hour] ?? 0, mi = v[.minute] ?? 0, se = v[.second] ?? 0
        guard (1...12).contains(mo), (1...31).contains(d), (0...23).contains(h), (0...59).contains(mi), (0...60).contains(se) else {
            return nil
        }
        if dateOnly { return "\(pad(y, 4))-\(pad(mo, 2))-\(pad(d, 2))" }
        // Local wall time → the zone's offset at that instant.
        let localSeconds = Self.daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se
        func offset(atUTC t: Int) -> Int { timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t))) }
        let offset = offset(atUTC: localSeconds - offset(atUTC: localSeconds))
        let sign = offset < 0 ? "-" : "+"
        let a = abs(offset)
        let zone = offset == 0 ? "Z" : "\(sign)\(pad(a / 3600, 2)):\(pad(a % 3600 / 60, 2))"
        return "\(pad(y, 4))-\(pad(mo, 2))-\(pad(d, 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(se, 2))\(zone)"
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private func pad(_ v: Int, _ w: Int) -> String {
        let s = String(v)
        return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
    }

}

public struct DatePatternError: Error, CustomStringConvertible, Sendable {
    public var pattern: String
    public var detail: String
    public var description: String { "date pattern '\(pattern)': \(detail)" }
}
