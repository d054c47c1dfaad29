import Foundation

/// One step of a field's transform chain. Every step maps a list of string values to a list
/// of string values, so chains compose: a step that finds nothing drops the value.
public enum Transform: Sendable {
    /// Strips leading and trailing whitespace (U+00A0 too).
    case trim
    /// Every run of whitespace, U+00A0 included, becomes one space; trimmed.
    case collapse
    /// Capture group 1 (or the whole match); values that do not match are dropped.
    case regex(CompiledRegex)
    /// Every match replaced by a template (`$1` refers to groups).
    case replace(CompiledRegex, String)
    /// Each value split on a separator (trimmed, empty parts dropped).
    case split(String)
    /// All values joined into one.
    case join(String)
    /// Keeps the first value / the last value.
    case first
    case last
    /// A decimal number (`27.7℃` → `27.7`, `1,234` → `1234`); values without one are dropped.
    case number
    /// Reads a date with a pattern (`yyyy.MM.dd HH:mm:ss`) or named format (`iso8601`), in the
    /// site's time zone unless the value has an offset, and writes the instant as RFC 3339 in the
    /// site's zone, or `yyyy-MM-dd` when `dateOnly`. Values it cannot read are dropped and logged.
    case date(DatePattern, dateOnly: Bool)
    /// Resolved against the page's base URL.
    case absoluteURL
    /// Resolved, tracking parameters dropped, host aliases moved to the canonical host.
    case canonicalURL
    /// Looked up in a table of the parser file; values not in the table are dropped.
    case map(table: String)
    /// `{}` replaced by the value, e.g. `related:{}`.
    case format(String)
    case lowercase
    case uppercase

    /// Transform names as written in parser files.
    public static let names = [
        "trim", "collapse", "regex", "replace", "split", "join", "first", "last", "number", "date",
        "absolute_url", "canonical_url", "map", "format", "lowercase", "uppercase",
    ]
}

/// What transforms need from the page and the parser.
struct TransformContext {
    var baseURL: String
    var timeZone: TimeZone
    var tables: [String: [String: String]]
    var normalizeURL: (String) -> String
    /// The page's budget: regex steps are charged to it.
    var meter: BudgetMeter? = nil
    /// Where date values that do not parse are counted, under the field being evaluated.
    var unparsedDates: UnparsedDateLog? = nil
    var fieldKeyPath = ""
    /// Which of the field's alternatives, when it has several.
    var alternative: Int? = nil
}

extension Transform {
    func apply(_ values: [String], _ ctx: TransformContext) -> [String] {
        switch self {
        case .trim:
            return values.map(Self.trimSpaces).filter { !$0.isEmpty }
        case .collapse:
            return values.map(Self.collapseWhitespace).filter { !$0.isEmpty }
        case .regex(let r):
            return values.compactMap { r.firstCapture(in: $0, meter: ctx.meter) }
        case .replace(let r, let template):
            return values.map { r.replace(in: $0, with: template, meter: ctx.meter) }
        case .split(let sep):
            return values.flatMap { $0.components(separatedBy: sep) }
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        case .join(let sep):
            return values.isEmpty ? [] : [values.joined(separator: sep)]
        case .first:
            return Array(values.prefix(1))
        case .last:
            return values.last.map { [$0] } ?? []
        case .number:
            return values.compactMap(Self.firstNumber(in:))
        case .date(let pattern, let dateOnly):
            return values.compactMap { v in
                if let d = pattern.parse(v, timeZone: ctx.timeZone, dateOnly: dateOnly) { return d }
                ctx.unparsedDates?.add(keyPath: ctx.fieldKeyPath, alternative: ctx.alternative, pattern: pattern.pattern, value: v)
                return nil
            }
        case .absoluteURL:
            return values.compactMap { URLResolver.resolve($0, against: ctx.baseURL) }
        case .canonicalURL:
            return values.compactMap { URLResolver.resolve($0, against: ctx.baseURL).map(ctx.normalizeURL) }
        case .map(let table):
            let t = ctx.tables[table] ?? [:]
            return values.compactMap { t[$0] }
        case .format(let f):
            return values.map { Self.fill(f, $0) }
        case .lowercase:
            return values.map { $0.lowercased() }
        case .uppercase:
            return values.map { $0.uppercased() }
        }
    }

    /// Leading and trailing whitespace (Unicode White_Space, so U+00A0 too) removed.
    public static func trimSpaces(_ s: String) -> String {
        let u = s.unicodeScalars
        guard let first = u.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = u.lastIndex(where: { !$0.properties.isWhitespace })!
        if first == u.startIndex && last == u.index(before: u.endIndex) { return s }
        return String(u[first...last])
    }

    /// Every `{}` in `format` replaced by `value`.
    static func fill(_ format: String, _ value: String) -> String {
        var out = ""
        var rest = Substring(format)
        while let r = rest.utf8.firstIndex(of: UInt8(ascii: "{")) {
            let next = rest.utf8.index(after: r)
            if next < rest.utf8.endIndex, rest.utf8[next] == UInt8(ascii: "}") {
                out += rest[..<r] + value
                rest = rest[rest.utf8.index(after: next)...]
            } else {
                out += rest[...r]
                rest = rest[next...]
            }
        }
        return out + rest
    }

    public static func collapseWhitespace(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var pending = false
        for u in s.unicodeScalars {
            // ASCII first: Unicode property lookups cost ~50 times more than a compare.
            let space = u.isASCII ? u.value == 0x20 || (u.value >= 0x09 && u.value <= 0x0D)
                : u.properties.isWhitespace || u == "\u{A0}" || u == "\u{FEFF}" || u == "\u{200B}"
            if space {
                if !out.isEmpty { pending = true }
            } else {
                if pending { out.append(" "); pending = false }
                out.append(u)
            }
        }
        return String(out)
    }

    private static func isASCIIDigit(_ u: Unicode.Scalar) -> Bool { u.value >= 0x30 && u.value <= 0x39 }

    /// The first decimal number in the text, normalised (`-3.0℃` → `-3`, `1,234.5` → `1234.5`).
    public static func firstNumber(in s: String) -> String? {
        var digits = ""
        var started = false
        var seenDot = false
        let scalars = Array(s.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let u = scalars[i]
            // The only ASCII scalars with a numeric value are 0-9.
            if Self.isASCIIDigit(u) {
                if !started, i > 0, scalars[i - 1] == "-" || scalars[i - 1] == "−" { digits = "-" }
                started = true
                digits.unicodeScalars.append(u)
            } else if started, u == ".", !seenDot, i + 1 < scalars.count, Self.isASCIIDigit(scalars[i + 1]) {
                seenDot = true
                digits.append(".")
            } else if started, u == ",", i + 1 < scalars.count, Self.isASCIIDigit(scalars[i + 1]), !seenDot {
                // Thousands separator.
            } else if started {
                break
            }
            i += 1
        }
        guard started, let d = Double(digits) else { return nil }
        return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
    }
}
