/// One element of a compiled date pattern.
enum DateToken: Sendable, Equatable {
    /// A number of `min`…`max` ASCII digits (greedy, shorter tried when the rest does not match).
    case number(DateField, min: Int, max: Int)
    /// `yy`: two digits, 00–49 → 20xx, 50–99 → 19xx (RFC 2822's rule).
    case twoDigitYear
    /// Four digits, else two (RFC 2822's obsolete years).
    case fourOrTwoDigitYear
    /// An English month name, full or short (`Sep`, `Sept`, `September`), any case.
    case monthName
    /// A weekday name (English full or short, Korean `수`/`수요일`), checked against the date.
    case weekdayName
    /// AM/PM, a.m./p.m. in any case, 오전/오후.
    case dayPeriod
    /// Digits of a fraction of a second (one to nine), read and dropped.
    case fraction
    /// An offset: `Z`, `±hh:mm`, `±hhmm`, `±hh`, `GMT`/`UTC`/`UT` with or without an offset,
    /// or a zone abbreviation gleaner knows (`DateNames.abbreviations`).
    case zone
    /// Text matched as written (ASCII letters in any case).
    case literal(String)
    /// One or more whitespace characters.
    case space
    /// Zero or more whitespace characters.
    case optionalSpace
    /// One of these texts (ASCII letters in any case).
    case oneOf([String])
    /// These tokens, or nothing.
    indirect case optional([DateToken])
}

enum DateField: Sendable, Equatable {
    case year, month, day, hour24, hour12, minute, second
}

extension DateToken {
    /// The tokens of a CLDR pattern such as `yyyy.MM.dd a h:mm` (docs/parsers.md has the table).
    static func compile(_ pattern: String) throws(DatePatternError) -> [DateToken] {
        func fail(_ detail: String) -> DatePatternError { DatePatternError(pattern: pattern, detail: detail) }
        var tokens: [DateToken] = []
        let chars = Array(pattern)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "'" {
                // 'T' is literal text; '' is an apostrophe, inside quotes or out.
                if i + 1 < chars.count, chars[i + 1] == "'" { tokens.append(.literal("'")); i += 2; continue }
                var lit = ""
                i += 1
                while true {
                    guard i < chars.count else { throw fail("a quote (') is not closed") }
                    if chars[i] == "'" {
                        if i + 1 < chars.count, chars[i + 1] == "'" { lit.append("'"); i += 2; continue }
                        break
                    }
                    lit.append(chars[i])
                    i += 1
                }
                i += 1
                if !lit.isEmpty { tokens.append(.literal(lit)) }
                continue
            }
            var n = 1
            while i + n < chars.count, chars[i + n] == c { n += 1 }
            i += n
            if c.isWhitespace { tokens.append(.space); continue }
            guard c.isASCII, c.isLetter else { tokens.append(.literal(String(repeating: c, count: n))); continue }
            let run = String(repeating: c, count: n)
            switch (c, n) {
            case ("y", 2): tokens.append(.twoDigitYear)
            case ("y", _): tokens.append(.number(.year, min: 4, max: 4))
            case ("M", 1...2), ("L", 1...2): tokens.append(.number(.month, min: 1, max: 2))
            case ("M", 3...4), ("L", 3...4): tokens.append(.monthName)
            case ("d", 1...2): tokens.append(.number(.day, min: 1, max: 2))
            case ("E", 1...4): tokens.append(.weekdayName)
            case ("H", 1...2): tokens.append(.number(.hour24, min: 1, max: 2))
            case ("h", 1...2): tokens.append(.number(.hour12, min: 1, max: 2))
            case ("m", 1): tokens.append(.number(.minute, min: 1, max: 2))
            case ("m", 2): tokens.append(.number(.minute, min: 2, max: 2))
            case ("s", 1): tokens.append(.number(.second, min: 1, max: 2))
            case ("s", 2): tokens.append(.number(.second, min: 2, max: 2))
            case ("S", _): tokens.append(.fraction)
            case ("a", 1...5): tokens.append(.dayPeriod)
            case ("X", 1...5), ("x", 1...5), ("Z", 1...5), ("z", 1...4), ("O", 1), ("O", 4): tokens.append(.zone)
            default:
                throw fail("unknown token '\(run)' (known: y yy M MM MMM MMMM L… d dd E… H HH h hh a m mm s ss S… X… x… Z… z… O; "
                           + "quote literal letters like 'T'; named formats: \(DatePattern.namedFormats.joined(separator: ", ")))")
            }
        }
        let fields = Set(tokens.flatMap(\.fields))
        let hasMonth = fields.contains(.month) || tokens.contains(.monthName)
        guard fields.contains(.year), hasMonth, fields.contains(.day) else {
            throw fail("needs a year (yyyy or yy), a month (MM or MMM) and a day (dd)")
        }
        if fields.contains(.hour12), !tokens.contains(.dayPeriod) {
            throw fail("h is the 12-hour clock and needs an am/pm marker (a); use H for the 24-hour clock")
        }
        if tokens.contains(.dayPeriod), !fields.contains(.hour12), !fields.contains(.hour24) {
            throw fail("an am/pm marker (a) needs an hour (h)")
        }
        return tokens
    }

    /// The fields a token (and what it holds) sets.
    var fields: [DateField] {
        switch self {
        case .number(let f, _, _): [f]
        case .twoDigitYear, .fourOrTwoDigitYear: [.year]
        case .optional(let inner): inner.flatMap(\.fields)
        default: []
        }
    }

    /// `2024-07-01`, `2024-07-01T12:00`, `…:00`, `…:00.123`, each with or without an offset;
    /// `T`, `t` or a space between date and time.
    static let iso8601: [DateToken] = [
        .number(.year, min: 4, max: 4), .literal("-"), .number(.month, min: 2, max: 2), .literal("-"),
        .number(.day, min: 2, max: 2),
        .optional([
            .oneOf(["T", " "]), .number(.hour24, min: 2, max: 2), .literal(":"), .number(.minute, min: 2, max: 2),
            .optional([.literal(":"), .number(.second, min: 2, max: 2), .optional([.oneOf([".", ","]), .fraction])]),
            .optional([.optionalSpace, .zone]),
        ]),
    ]

    /// RFC 2822 (and RSS): `[Mon, ]1 Jul 2024 12:00[:00] +0000`; the zone may be a name (`GMT`,
    /// `EST`) and, when it is missing, the site's time zone applies.
    static let rfc2822: [DateToken] = [
        .optional([.weekdayName, .optionalSpace, .literal(","), .optionalSpace]),
        .number(.day, min: 1, max: 2), .space, .monthName, .space, .fourOrTwoDigitYear, .space,
        .number(.hour24, min: 1, max: 2), .literal(":"), .number(.minute, min: 2, max: 2),
        .optional([.literal(":"), .number(.second, min: 2, max: 2)]),
        .optional([.optionalSpace, .zone]),
    ]
}
