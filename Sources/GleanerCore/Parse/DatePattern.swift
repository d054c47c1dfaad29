import Foundation

/// How the date transform reads a value: a CLDR pattern such as `yyyy.MM.dd a h:mm` (found
/// anywhere inside the value, never inside a word or number), or a named format (`iso8601`,
/// `rfc2822`, `unix`, `unix_ms`). The token table is in docs/parsers.md.
///
/// An offset in the value is always honoured, whether the pattern reads it or not; a value
/// without one is read in the site's time zone. The result is the same instant written in the
/// site's zone. A value that does not match, or names a day or time that does not exist
/// (February 30, 25:00, a Tuesday that is a Monday), gives nothing: a date is never guessed.
/// Written by hand instead of DateFormatter: that is not `Sendable`, and neither would it
/// honour an offset its pattern does not mention.
public struct DatePattern: Sendable {
    public let pattern: String
    private let format: Format

    enum Format: Sendable {
        case tokens(DateTokens)
        /// Seconds (with an optional fraction) or milliseconds since 1970-01-01T00:00:00Z: the whole value.
        case unixSeconds, unixMilliseconds
    }

    public static let namedFormats = ["iso8601", "rfc2822", "unix", "unix_ms"]

    public init(_ pattern: String) throws {
        self.pattern = pattern
        switch pattern {
        case "iso8601": format = .tokens(DateTokens(DateToken.iso8601))
        case "rfc2822": format = .tokens(DateTokens(DateToken.rfc2822))
        case "unix": format = .unixSeconds
        case "unix_ms": format = .unixMilliseconds
        default: format = .tokens(DateTokens(try DateToken.compile(pattern)))
        }
    }

    /// RFC 3339 in `timeZone` (e.g. `2025-03-22T10:07:10+09:00`, `Z` for a zero offset), or
    /// `yyyy-MM-dd` when `dateOnly`; nil when the value holds no date this pattern reads.
    public func parse(_ s: String, timeZone: TimeZone, dateOnly: Bool) -> String? {
        utcSeconds(s, timeZone: timeZone).flatMap { DateClock.rfc3339(utc: $0, timeZone: timeZone, dateOnly: dateOnly) }
    }

    /// Seconds since the epoch of the instant `s` names (read in `timeZone` when it carries no
    /// offset); nil when it holds no date this pattern reads.
    func utcSeconds(_ s: String, timeZone: TimeZone) -> Int? {
        switch format {
        case .tokens(let tokens):
            guard let parts = tokens.matcher(s).firstMatch() else { return nil }
            return DateClock.utcSeconds(parts, timeZone: timeZone)
        case .unixSeconds:
            return Self.unix(s, fraction: true, maxDigits: 12)
        case .unixMilliseconds:
            return Self.unix(s, fraction: false, maxDigits: 15).map { DateClock.floorDiv($0, 1000) }
        }
    }

    /// A pattern's tokens and what they imply for the text after a match.
    struct DateTokens: Sendable {
        let tokens: [DateToken]
        let variants: [[DateToken]]
        let readsTime: Bool, endsInSeconds: Bool, readsDayPeriod: Bool

        init(_ tokens: [DateToken]) {
            self.tokens = tokens
            variants = DateMatcher.variants(tokens)
            let fields = Set(tokens.flatMap(\.fields))
            readsTime = fields.contains(.hour24) || fields.contains(.hour12)
            endsInSeconds = tokens.last.flatMap { $0.fields.last } == .second
            readsDayPeriod = tokens.contains(.dayPeriod)
        }

        func matcher(_ s: String) -> DateMatcher {
            DateMatcher(s: Array(s.unicodeScalars), variants: variants, trailingZone: readsTime,
                        trailingFraction: endsInSeconds, refuseTrailingDayPeriod: readsTime && !readsDayPeriod)
        }
    }

    /// The whole value (spaces around it aside) as an integer of at most `maxDigits` digits,
    /// a leading `-` allowed, and with `fraction` a `.digits` part that is dropped.
    private static func unix(_ s: String, fraction: Bool, maxDigits: Int) -> Int? {
        var text = Substring(Transform.trimSpaces(s))
        var negative = false
        if text.first == "-" { negative = true; text = text.dropFirst() }
        var whole = text
        var roundsDown = false
        if fraction, let dot = text.firstIndex(of: ".") {
            let frac = text[text.index(after: dot)...]
            guard !frac.isEmpty, frac.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            whole = text[..<dot]
            roundsDown = frac.contains { $0 != "0" }
        }
        guard (1...maxDigits).contains(whole.count), whole.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(whole) else { return nil }
        // Before 1970 a fraction moves the second back: -1.5 is in second -2.
        return negative ? -v - (roundsDown ? 1 : 0) : v
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
}

public struct DatePatternError: Error, CustomStringConvertible, Sendable {
    public var pattern: String
    public var detail: String
    public var description: String { "date pattern '\(pattern)': \(detail)" }
}
