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
    /// The pattern with each optional part expanded: with it first, then without.
    let variants: [[DateToken]]
    /// Read an offset after the match when the pattern read none (it has a time, and no zone
    /// token or an optional one that did not match).
    let trailingZone: Bool
    /// Also skip a fraction of a second before that offset (the pattern ends in seconds).
    let trailingFraction: Bool
    /// Refuse an am/pm marker after the match (the pattern has a 24-hour clock and no `a`):
    /// `01:00 PM` read as 01:00 would be wrong.
    let refuseTrailingDayPeriod: Bool

    func firstMatch() -> DateParts? {
        var parts = DateParts()
        for start in 0...s.count where start == 0 || !DateNames.isASCIILetterOrDigit(s[start - 1]) {
            for v in variants {
                parts = DateParts()
                if match(v, 0, at: start, &parts) { return parts }
            }
        }
        return nil
    }

    /// True when tokens `k…` of `t` match at `i` and the match may end there; `p` then holds
    /// what was read. On false `p` is as it was.
    private func match(_ t: [DateToken], _ k: Int, at i: Int, _ p: inout DateParts) -> Bool {
        guard k < t.count else { return finish(at: i, &p) }
        let next = k + 1
        /// Tries the rest at `end` with `change` applied to the parts; undoes it when that fails.
        func attempt(_ end: Int, _ change: (inout DateParts) -> Bool) -> Bool {
            let saved = p
            if change(&p), match(t, next, at: end, &p) { return true }
            p = saved
            return false
        }
        switch t[k] {
        case .number(let field, let lo, let hi):
            for n in stride(from: hi, through: lo, by: -1) {
                guard let v = digits(at: i, count: n) else { continue }
                // An English ordinal after the day (`July 1st`) belongs to it.
                if field == .day, let end = ordinalEnd(i + n), attempt(end, { $0.set(field, v) }) { return true }
                if attempt(i + n, { $0.set(field, v) }) { return true }
            }
        case .twoDigitYear:
            if let v = digits(at: i, count: 2), attempt(i + 2, { $0.set(.year, v < 50 ? 2000 + v : 1900 + v) }) { return true }
        case .fourOrTwoDigitYear:
            if let v = digits(at: i, count: 4), attempt(i + 4, { $0.set(.year, v) }) { return true }
            if let v = digits(at: i, count: 2), attempt(i + 2, { $0.set(.year, v < 50 ? 2000 + v : 1900 + v) }) { return true }
        case .monthName:
            for (name, m) in DateNames.months {
                guard let end = DateNames.prefix(name, of: s, at: i) else { continue }
                if end < s.count, s[end] == ".", attempt(end + 1, { $0.set(.month, m) }) { return true }
                if attempt(end, { $0.set(.month, m) }) { return true }
            }
        case .weekdayName:
            for (name, w) in DateNames.weekdays {
                guard let end = DateNames.prefix(name, of: s, at: i) else { continue }
                let change: (inout DateParts) -> Bool = { guard $0.weekday == nil || $0.weekday == w else { return false }; $0.weekday = w; return true }
                if name.utf8.first! < 0x80, end < s.count, s[end] == ".", attempt(end + 1, change) { return true }
                if attempt(end, change) { return true }
            }
        case .dayPeriod:
            for (name, pm) in DateNames.dayPeriods {
                guard let end = DateNames.prefix(name, of: s, at: i) else { continue }
                if attempt(end, { guard $0.pm == nil || $0.pm == pm else { return false }; $0.pm = pm; return true }) { return true }
            }
        case .fraction:
            var n = 0
            while i + n < s.count, n < 9, DateNames.isDigit(s[i + n]) { n += 1 }
            if n > 0, attempt(i + n, { _ in true }) { return true }
        case .zone:
            if let (end, offset) = DateNames.zone(in: s, at: i), attempt(end, { $0.offset = offset; return true }) { return true }
        case .literal(let text):
            if let end = DateNames.prefix(text, of: s, at: i), attempt(end, { _ in true }) { return true }
        case .oneOf(let texts):
            for text in texts {
                if let end = DateNames.prefix(text, of: s, at: i), attempt(end, { _ in true }) { return true }
            }
        case .space, .optionalSpace:
            var j = i
            while j < s.count, DateNames.isSpace(s[j]) { j += 1 }
            if j > i || t[k] == .optionalSpace, attempt(j, { _ in true }) { return true }
        case .optional:
            // Expanded into `variants` before matching.
            break
        }
        return false
    }

    /// The end of an English ordinal suffix at `i` (`st`, `nd`, `rd`, `th`).
    private func ordinalEnd(_ i: Int) -> Int? {
        for o in DateNames.ordinals { if let end = DateNames.prefix(o, of: s, at: i) { return end } }
        return nil
    }

    /// Each optional part of `tokens` taken and left out, in the order a backtracking match
    /// tries them: the earlier optional decides first, taking it before leaving it out.
    static func variants(_ tokens: [DateToken]) -> [[DateToken]] {
        var out: [[DateToken]] = [[]]
        for t in tokens {
            if case .optional(let inner) = t {
                let taken = variants(inner)
                out = out.flatMap { prefix in taken.map { prefix + $0 } + [prefix] }
            } else {
                out = out.map { $0 + [t] }
            }
        }
        return out
    }

    /// The pattern matched up to `i`: read a trailing offset if there is one, then require the
    /// match to end at the end of a word.
    private func finish(at i: Int, _ parts: inout DateParts) -> Bool {
        var end = i
        var offset: Int?
        if trailingZone, parts.offset == nil {
            var j = i
            if trailingFraction, j + 1 < s.count, s[j] == "." || s[j] == ",", DateNames.isDigit(s[j + 1]) {
                j += 1
                while j < s.count, DateNames.isDigit(s[j]) { j += 1 }
            }
            var k = j
            while k < s.count, DateNames.isSpace(s[k]) { k += 1 }
            if let (e, o) = DateNames.zone(in: s, at: k) {
                offset = o
                end = e
            } else if k + 1 < s.count, s[k] == "+" || s[k] == "-" || s[k] == "\u{2212}", DateNames.isDigit(s[k + 1]) {
                // An offset, but not one of a real zone (+15:00): not read as the site's time.
                return false
            } else if refuseTrailingDayPeriod,
                      DateNames.dayPeriods.contains(where: { DateNames.prefix($0.0, of: s, at: k).map { Self.endsAWord(s, at: $0) } ?? false }) {
                return false
            } else if Self.looksLikeZoneName(s, at: k) {
                // `CET`, `BST`: an offset gleaner cannot read; reading the time in the site's
                // zone instead would be a guess.
                return false
            } else {
                end = j
            }
        }
        guard Self.endsAWord(s, at: end) else { return false }
        if let offset { parts.offset = offset }
        return true
    }

    /// True when a match may end at `i`: not inside a word or number, and not before more of a
    /// date or time (`12:00` of `12:00:30`, `2024-07-01` of `2024-07-01-2`).
    static func endsAWord(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        guard i < s.count else { return true }
        if DateNames.isASCIILetterOrDigit(s[i]) { return false }
        if i + 1 < s.count, ":./-".unicodeScalars.contains(s[i]), DateNames.isDigit(s[i + 1]) { return false }
        return true
    }

    /// Two to five capital letters ending in `T` (`CET`, `BST`), or three to five others (`MSK`,
    /// `WIB`), then a word's end: a zone abbreviation.
    static func looksLikeZoneName(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        var j = i
        while j < s.count, s[j].value >= 0x41, s[j].value <= 0x5A { j += 1 }
        guard (2...5).contains(j - i), s[j - 1] == "T" || j - i >= 3 else { return false }
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
