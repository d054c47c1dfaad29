/// What a match read from a value, before it is checked.
struct DateParts {
    var year: Int?, month: Int?, day: Int?, hour24: Int?, hour12: Int?, minute: Int?, second: Int?
    var pm: Bool?
    var weekday: Int?
    /// Seconds east of UTC, when the value carries an offset.
    var offset: Int?

    /// Sets a field; false when the pattern read it before with another value.
    mutating func set(_ field: DateField, _ v: Int) -> Bool {
        func put(_ slot: inout Int?) -> Bool {
            if let old = slot { return old == v }
            slot = v
            return true
        }
        switch field {
        case .year: return put(&year)
        case .month: return put(&month)
        case .day: return put(&day)
        case .hour24: return put(&hour24)
        case .hour12: return put(&hour12)
        case .minute: return put(&minute)
        case .second: return put(&second)
        }
    }
}

/// Finds a pattern's first match in a value.
///
/// The match may sit anywhere in the value (`등록 2025.03.22 10:07:10`) but never inside a word
/// or number: the characters around it must not be ASCII letters or digits. When the pattern
/// has a time but read no offset, one written right after the time (`…12:00:00Z`,
/// `…12:00 +0900`, `…12:00 GMT`) is still read, so that it is never ignored.
struct DateMatcher {
    let s: [Unicode.Scalar]
    let tokens: [DateToken]
    /// Read an offset after the match when the pattern read none (it has a time, and no zone
    /// token or an optional one that did not match).
    let trailingZone: Bool
    /// Also skip a fraction of a second before that offset (the pattern ends in seconds).
    let trailingFraction: Bool
    /// Refuse an am/pm marker after the match (the pattern has a 24-hour clock and no `a`):
    /// `01:00 PM` read as 01:00 would be wrong.
    let refuseTrailingDayPeriod: Bool

    func firstMatch() -> DateParts? {
        for start in 0...s.count where start == 0 || !DateNames.isASCIILetterOrDigit(s[start - 1]) {
            if let p = match(tokens[...], at: start, DateParts()) { return p }
        }
        return nil
    }

    private func match(_ t: ArraySlice<DateToken>, at i: Int, _ parts: DateParts) -> DateParts? {
        guard let token = t.first else { return finish(at: i, parts) }
        let rest = t.dropFirst()
        if case .optional(let inner) = token {
            return match(ArraySlice(inner) + rest, at: i, parts) ?? match(rest, at: i, parts)
        }
        for (end, p) in candidates(token, at: i, parts) {
            if let r = match(rest, at: end, p) { return r }
        }
        return nil
    }

    /// The ends a token can have at `i`, most text first, with what it read.
    private func candidates(_ token: DateToken, at i: Int, _ parts: DateParts) -> [(Int, DateParts)] {
        var out: [(Int, DateParts)] = []
        switch token {
        case .number(let field, let lo, let hi):
            for n in stride(from: hi, through: lo, by: -1) {
                var p = parts
                guard let v = digits(at: i, count: n), p.set(field, v) else { continue }
                // An English ordinal after the day (`July 1st`) belongs to it.
                if field == .day, let end = DateNames.names(DateNames.ordinals, in: s, at: i + n).first?.0 { out.append((end, p)) }
                out.append((i + n, p))
            }
        case .twoDigitYear:
            var p = parts
            if let v = digits(at: i, count: 2), p.set(.year, v < 50 ? 2000 + v : 1900 + v) { out.append((i + 2, p)) }
        case .fourOrTwoDigitYear:
            out = candidates(.number(.year, min: 4, max: 4), at: i, parts) + candidates(.twoDigitYear, at: i, parts)
        case .monthName:
            for (end, m) in DateNames.names(DateNames.months, in: s, at: i, abbreviations: true) {
                var p = parts
                if p.set(.month, m) { out.append((end, p)) }
            }
        case .weekdayName:
            for (end, w) in DateNames.names(DateNames.weekdays, in: s, at: i, abbreviations: true) {
                var p = parts
                if p.weekday == nil || p.weekday == w { p.weekday = w; out.append((end, p)) }
            }
        case .dayPeriod:
            for (end, pm) in DateNames.names(DateNames.dayPeriods, in: s, at: i) {
                var p = parts
                if p.pm == nil || p.pm == pm { p.pm = pm; out.append((end, p)) }
            }
        case .fraction:
            var n = 0
            while i + n < s.count, n < 9, DateNames.isDigit(s[i + n]) { n += 1 }
            if n > 0 { out.append((i + n, parts)) }
        case .zone:
            if let (end, offset) = DateNames.zone(in: s, at: i) {
                var p = parts
                p.offset = offset
                out.append((end, p))
            }
        case .literal(let text):
            if let end = DateNames.prefix(text, of: s, at: i) { out.append((end, parts)) }
        case .oneOf(let texts):
            for text in texts { if let end = DateNames.prefix(text, of: s, at: i) { out.append((end, parts)) } }
        case .space, .optionalSpace:
            var j = i
            while j < s.count, s[j].properties.isWhitespace { j += 1 }
            if j > i || token == .optionalSpace { out.append((j, parts)) }
        case .optional:
            break
        }
        return out
    }

    /// The pattern matched up to `i`: read a trailing offset if there is one, then require the
    /// match to end at the end of a word.
    private func finish(at i: Int, _ parts: DateParts) -> DateParts? {
        var end = i
        var p = parts
        if trailingZone, parts.offset == nil {
            var j = i
            if trailingFraction, j + 1 < s.count, s[j] == "." || s[j] == ",", DateNames.isDigit(s[j + 1]) {
                j += 1
                while j < s.count, DateNames.isDigit(s[j]) { j += 1 }
            }
            var k = j
            while k < s.count, s[k].properties.isWhitespace { k += 1 }
            if let (e, offset) = DateNames.zone(in: s, at: k) {
                p.offset = offset
                end = e
            } else if k + 1 < s.count, s[k] == "+" || s[k] == "-" || s[k] == "\u{2212}", DateNames.isDigit(s[k + 1]) {
                // An offset, but not one of a real zone (+15:00): not read as the site's time.
                return nil
            } else if refuseTrailingDayPeriod,
                      DateNames.names(DateNames.dayPeriods, in: s, at: k).contains(where: { Self.endsAWord(s, at: $0.0) }) {
                return nil
            } else if Self.looksLikeZoneName(s, at: k) {
                // `CET`, `BST`: an offset gleaner cannot read; reading the time in the site's
                // zone instead would be a guess.
                return nil
            } else {
                end = j
            }
        }
        return Self.endsAWord(s, at: end) ? p : nil
    }

    /// True when a match may end at `i`: not inside a word or number, and not before more of a
    /// date or time (`12:00` of `12:00:30`, `2024-07-01` of `2024-07-01-2`).
    static func endsAWord(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        guard i < s.count else { return true }
        if DateNames.isASCIILetterOrDigit(s[i]) { return false }
        if i + 1 < s.count, ":./-".unicodeScalars.contains(s[i]), DateNames.isDigit(s[i + 1]) { return false }
        return true
    }

    /// Two to five capital letters ending in `T` and then a word's end: a zone abbreviation.
    static func looksLikeZoneName(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        var j = i
        while j < s.count, s[j].value >= 0x41, s[j].value <= 0x5A { j += 1 }
        guard (2...5).contains(j - i), s[j - 1] == "T" else { return false }
        return j == s.count || !DateNames.isASCIILetterOrDigit(s[j])
    }

    private func digits(at i: Int, count: Int) -> Int? {
        guard i + count <= s.count else { return nil }
        var v = 0
        for j in i..<i + count {
            guard DateNames.isDigit(s[j]) else { return nil }
            v = v * 10 + Int(s[j].value - 0x30)
        }
        return v
    }
}
