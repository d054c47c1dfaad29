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

    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    /// RFC 822's named zones; military letters are not trusted (RFC 2822 says they may be wrong).
    static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6,
        "pst": -8, "pdt": -7, "kst": 9,
    ]

    static func rfc822(_ s: String) -> Date? {
        // "Mon, 07 Dec 2026 10:00:00 +0000": the weekday is optional and not checked.
        var words = s.replacingOccurrences(of: ",", with: " ").split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if let first = words.first, first.first?.isLetter == true { words.removeFirst() }
        guard words.count >= 4, let day = Int(words[0]), (1...31).contains(day),
              let month = months.firstIndex(of: String(words[1].prefix(3)).lowercased()),
              var year = Int(words[2]) else { return nil }
        if words[2].count == 2 { year += year < 50 ? 2000 : 1900 }
        let time = words[3].split(separator: ":").map { Int($0) }
        guard time.count == 2 || time.count == 3, !time.contains(where: { $0 == nil }) else { return nil }
        let hour = time[0]!, minute = time[1]!, second = time.count == 3 ? time[2]! : 0
        guard hour <= 23, minute <= 59, second <= 60 else { return nil }
        var offset = 0
        if words.count >= 5 {
            let zone = words[4]
            if let sign = zone.first, sign == "+" || sign == "-", zone.count == 5, let v = Int(zone.dropFirst()) {
                offset = (sign == "-" ? -1 : 1) * ((v / 100) * 3600 + (v % 100) * 60)
            } else if let hours = zones[zone.lowercased()] {
                offset = hours * 3600
            } else {
                return nil
            }
        }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        guard let date = utc.date(from: DateComponents(year: year, month: month + 1, day: day, hour: hour, minute: minute, second: second)),
              utc.component(.day, from: date) == day else { return nil }
        return date.addingTimeInterval(-Double(offset))
    }
}
