import Foundation

/// The dates feeds and sitemaps carry, read strictly: W3C Datetime (sitemaps' `lastmod`,
/// `news:publication_date`, Atom's `updated`, `dc:date`) and RFC 822/2822 (RSS `pubDate`). A value
/// that is neither gives nil: the entry then counts as undated, never as a guessed date.
public enum FeedDate {
    /// The instant a date stands for. A date without a time (`2026-12-07`, `2026-12`, `2026`)
    /// stands for the end of that period in UTC, so an entry changed later that day is not
    /// taken as unchanged.
    public static func parse(_ raw: String) -> Date? {
        let s = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !s.isEmpty else { return nil }
        // W3C dates start with a four-digit year; RFC 822 with a weekday or a day of the month.
        let year = s.utf8.prefix(4)
        if year.count == 4, year.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return w3c(s) }
        return rfc822(s)
    }

    // MARK: - W3C Datetime (ISO 8601 profile)

    static func w3c(_ s: String) -> Date? {
        let b = Array(s.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 0x30, c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += n
            return v
        }
        func take(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4) else { return nil }
        var month = 12, day: Int?, hour = 23, minute = 59, second = 59, fraction = 0.0
        var offset = 0
        var monthGiven = false
        if take(0x2D) {  // -MM
            guard let m = digits(2) else { return nil }
            month = m
            monthGiven = true
            if take(0x2D) {  // -DD
                guard let d = digits(2) else { return nil }
                day = d
                if i < b.count, b[i] == 0x54 || b[i] == 0x74 || b[i] == 0x20 {  // T or space: a time
                    i += 1
                    guard let h = digits(2), take(0x3A), let mi = digits(2) else { return nil }
                    hour = h
                    minute = mi
                    second = 0
                    if take(0x3A) {
                        guard let sec = digits(2) else { return nil }
                        second = sec
                        if take(0x2E) || take(0x2C) {
                            let start = i
                            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
                            guard i > start else { return nil }
                            fraction = Double("0." + String(decoding: b[start..<i], as: UTF8.self)) ?? 0
                        }
                    }
                    // A time needs its zone: Z or ±hh:mm (±hhmm and ±hh accepted too).
                    if take(0x5A) || take(0x7A) {
                        offset = 0
                    } else if i < b.count, b[i] == 0x2B || b[i] == 0x2D {
                        let sign = b[i] == 0x2D ? -1 : 1
                        i += 1
                        guard let oh = digits(2) else { return nil }
                        _ = take(0x3A)
                        let om = i < b.count ? (digits(2) ?? -1) : 0
                        guard om >= 0, oh <= 23, om <= 59 else { return nil }
                        offset = sign * (oh * 3600 + om * 60)
                    } else if i == b.count {
                        offset = 0  // no zone written: read as UTC rather than refused
                    } else {
                        return nil
                    }
                }
            }
        }
        guard i == b.count, (1...12).contains(month), hour <= 23, minute <= 59, second <= 60 else { return nil }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let lastDay = utc.range(of: .day, in: .month, for: utc.date(from: DateComponents(year: year, month: month, day: 1))!)!.count
        if let day, !(1...lastDay).contains(day) { return nil }
        if !monthGiven { month = 12 }
        let components = DateComponents(year: year, month: month, day: day ?? lastDay, hour: hour, minute: minute, second: second)
        guard let local = utc.date(from: components) else { return nil }
        return local.addingTimeInterval(fraction - Double(offset))
    }

    // MARK: - RFC 822 / 2822

    /// RSS `pubDate` ("Mon, 07 Dec 2026 10:00:00 +0000"): the date transform's `rfc2822`, with
    /// UTC for a date without a zone.
    static func rfc822(_ s: String) -> Date? {
        rfc2822.utcSeconds(s, timeZone: utc).map { Date(timeIntervalSince1970: Double($0)) }
    }

    private static let rfc2822 = try! DatePattern("rfc2822")  // a named format: never throws
    private static let utc = TimeZone(identifier: "UTC")!
}
