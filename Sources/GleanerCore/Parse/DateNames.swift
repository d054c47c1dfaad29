/// The words date values use: month and weekday names, am/pm markers, zone offsets and names.
/// Reading works on Unicode scalars; ASCII letters compare in any case.
enum DateNames {
    /// English month names, full and short (with `Sept`), 1-based.
    static let months: [(String, Int)] = [
        ("january", 1), ("february", 2), ("march", 3), ("april", 4), ("may", 5), ("june", 6), ("july", 7),
        ("august", 8), ("september", 9), ("october", 10), ("november", 11), ("december", 12),
        ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7), ("aug", 8),
        ("sept", 9), ("sep", 9), ("oct", 10), ("nov", 11), ("dec", 12),
    ]

    /// Weekday names, 0 = Sunday: English full and short, Korean with and without 요일.
    static let weekdays: [(String, Int)] = [
        ("sunday", 0), ("monday", 1), ("tuesday", 2), ("wednesday", 3), ("thursday", 4), ("friday", 5), ("saturday", 6),
        ("tues", 2), ("thurs", 4), ("thur", 4),
        ("sun", 0), ("mon", 1), ("tue", 2), ("wed", 3), ("thu", 4), ("fri", 5), ("sat", 6),
        ("일요일", 0), ("월요일", 1), ("화요일", 2), ("수요일", 3), ("목요일", 4), ("금요일", 5), ("토요일", 6),
        ("일", 0), ("월", 1), ("화", 2), ("수", 3), ("목", 4), ("금", 5), ("토", 6),
    ]

    /// English ordinal suffixes after a day of the month.
    static let ordinals = ["st", "nd", "rd", "th"]

    /// Am/pm markers: true for the afternoon.
    static let dayPeriods: [(String, Bool)] = [
        ("a.m.", false), ("am", false), ("p.m.", true), ("pm", true), ("오전", false), ("오후", true),
    ]

    /// Zone abbreviations read as fixed offsets (seconds east of UTC): RFC 2822's names, and
    /// Korea's and Japan's standard time. Longest first, so that `UTC` is not read as `UT`.
    static let abbreviations: [(String, Int)] = [
        ("UTC", 0), ("GMT", 0),
        ("EST", -5 * 3600), ("EDT", -4 * 3600), ("CST", -6 * 3600), ("CDT", -5 * 3600),
        ("MST", -7 * 3600), ("MDT", -6 * 3600), ("PST", -8 * 3600), ("PDT", -7 * 3600),
        ("KST", 9 * 3600), ("JST", 9 * 3600),
        ("UT", 0), ("Z", 0),
    ]

    /// Offsets outside this range are not real zones: such a value is not read.
    static let offsetRange = -12 * 3600...14 * 3600

    /// The end of `text` when `s` holds it at `i` (ASCII letters in any case).
    static func prefix(_ text: String, of s: [Unicode.Scalar], at i: Int) -> Int? {
        var j = i
        for u in text.unicodeScalars {
            guard j < s.count, lower(s[j]) == lower(u) else { return nil }
            j += 1
        }
        return j
    }

    static func lower(_ u: Unicode.Scalar) -> Unicode.Scalar {
        (u.value >= 0x41 && u.value <= 0x5A) ? Unicode.Scalar(u.value + 0x20)! : u
    }

    /// Unicode White_Space, with ASCII decided without a property look-up.
    static func isSpace(_ u: Unicode.Scalar) -> Bool {
        u.isASCII ? u == " " || (u.value >= 0x09 && u.value <= 0x0D) : u.properties.isWhitespace
    }

    static func isDigit(_ u: Unicode.Scalar) -> Bool { u.value >= 0x30 && u.value <= 0x39 }

    static func isASCIILetterOrDigit(_ u: Unicode.Scalar) -> Bool {
        isDigit(u) || (u.value >= 0x41 && u.value <= 0x5A) || (u.value >= 0x61 && u.value <= 0x7A)
    }

    /// An offset at `i`: `Z`, `±hh:mm`, `±hhmm`, `±hh` (U+2212 minus too), `GMT`/`UTC`/`UT`
    /// alone or followed by `±h`, `±hh`, `±hh:mm`, `±hhmm`, or a known abbreviation. Returns its
    /// end and seconds east of UTC; nil when there is none or it is out of `offsetRange`.
    static func zone(in s: [Unicode.Scalar], at i: Int) -> (end: Int, offset: Int)? {
        guard i < s.count else { return nil }
        if let (end, offset) = signedOffset(in: s, at: i, minHourDigits: 2) { return (end, offset) }
        for (name, offset) in abbreviations {
            guard let end = upperPrefix(name, of: s, at: i) else { continue }
            if end < s.count, isASCIILetterOrDigit(s[end]) { continue }
            if offset == 0, name != "Z", let (e, o) = signedOffset(in: s, at: end, minHourDigits: 1) { return (e, o) }
            return (end, offset)
        }
        return nil
    }

    /// Abbreviations are written in capitals, except `z` for UTC.
    private static func upperPrefix(_ name: String, of s: [Unicode.Scalar], at i: Int) -> Int? {
        if name == "Z" { return prefix(name, of: s, at: i) }
        var j = i
        for u in name.unicodeScalars {
            guard j < s.count, s[j] == u else { return nil }
            j += 1
        }
        return j
    }

    /// `±hh:mm`, `±hhmm` or `±hh` (with `minHourDigits` 1, `±h` too).
    private static func signedOffset(in s: [Unicode.Scalar], at i: Int, minHourDigits: Int) -> (Int, Int)? {
        guard i < s.count, s[i] == "+" || s[i] == "-" || s[i] == "\u{2212}" else { return nil }
        let sign = s[i] == "+" ? 1 : -1
        var j = i + 1
        func digits(_ count: Int) -> Int? {
            guard j + count <= s.count, (j..<j + count).allSatisfy({ isDigit(s[$0]) }) else { return nil }
            let v = (j..<j + count).reduce(0) { $0 * 10 + Int(s[$1].value - 0x30) }
            j += count
            return v
        }
        guard let h = digits(2) ?? (minHourDigits == 1 ? digits(1) : nil) else { return nil }
        var m = 0
        if j < s.count, s[j] == ":" {
            j += 1
            guard let mm = digits(2) else { return nil }
            m = mm
        } else if let mm = digits(2) {
            m = mm
        }
        guard m < 60 else { return nil }
        let offset = sign * (h * 3600 + m * 60)
        return offsetRange.contains(offset) ? (j, offset) : nil
    }
}
