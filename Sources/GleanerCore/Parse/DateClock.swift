import Foundation

/// Calendar arithmetic for the date transform: checks what a match read, turns it into an
/// instant, and writes an instant in a site's zone. Proleptic Gregorian, years 1–9999.
enum DateClock {
    /// Seconds since 1970 UTC of what a value said, or nil when it names a day or time that does
    /// not exist: a month or day out of range, hour 24, a weekday that is not the date's, am/pm
    /// that contradicts a 24-hour clock, or a local time the zone skips (clocks going forward).
    /// A local time that happens twice (clocks going back) is the first of the two.
    static func utcSeconds(_ p: DateParts, timeZone: TimeZone) -> Int? {
        guard let y = p.year, let mo = p.month, let d = p.day, (1...9999).contains(y), (1...12).contains(mo),
              (1...daysInMonth(y, mo)).contains(d) else { return nil }
        var hour = p.hour24 ?? 0
        if let h12 = p.hour12 {
            guard (1...12).contains(h12), let pm = p.pm else { return nil }
            let h = h12 % 12 + (pm ? 12 : 0)
            if let h24 = p.hour24, h24 != h { return nil }
            hour = h
        } else if let pm = p.pm, let h24 = p.hour24, pm != (h24 >= 12) {
            return nil
        }
        let minute = p.minute ?? 0, second = p.second ?? 0
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        let days = daysFromCivil(y, mo, d)
        if let w = p.weekday, w != floorMod(days + 4, 7) { return nil }
        let local = days * 86400 + hour * 3600 + minute * 60 + second
        if let offset = p.offset { return local - offset }
        return localToUTC(local, timeZone)
    }

    /// The instant a wall-clock time in `zone` stands for: of the offsets the zone has around it,
    /// those that give back the same wall time; the earliest instant when two do, nil when none does.
    static func localToUTC(_ local: Int, _ zone: TimeZone) -> Int? {
        func offset(_ utc: Int) -> Int { zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utc))) }
        let before = offset(local - 86400), after = offset(local + 86400)
        // No change of offset within a day either side: the common case, two look-ups.
        if before == after { return local - before }
        let candidates = Set([before, offset(local), after])
        let fitting = candidates.filter { offset(local - $0) == $0 }.map { local - $0 }
        return fitting.min()
    }

    /// RFC 3339 of `utc` in `zone` (`Z` for a zero offset), or its `yyyy-MM-dd` when `dateOnly`.
    static func rfc3339(utc: Int, timeZone: TimeZone, dateOnly: Bool) -> String? {
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utc)))
        let wall = utc + offset
        let (y, m, d) = civilFromDays(floorDiv(wall, 86400))
        guard (1...9999).contains(y) else { return nil }
        // Written as bytes: string interpolation would cost more than reading the date.
        var b: [UInt8] = []
        b.reserveCapacity(25)
        func put(_ v: Int, _ width: Int) {
            var p = 1
            for _ in 1..<width { p *= 10 }
            while p > 0 { b.append(UInt8(0x30 + v / p % 10)); p /= 10 }
        }
        put(y, 4); b.append(0x2D); put(m, 2); b.append(0x2D); put(d, 2)
        if !dateOnly {
            let t = floorMod(wall, 86400)
            b.append(0x54); put(t / 3600, 2); b.append(0x3A); put(t % 3600 / 60, 2); b.append(0x3A); put(t % 60, 2)
            if offset == 0 {
                b.append(0x5A)
            } else {
                let a = abs(offset)
                b.append(offset < 0 ? 0x2D : 0x2B); put(a / 3600, 2); b.append(0x3A); put(a % 3600 / 60, 2)
            }
        }
        return String(decoding: b, as: UTF8.self)
    }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
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

    /// The date of a day count since 1970-01-01 (the inverse of `daysFromCivil`).
    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
    static func floorMod(_ a: Int, _ b: Int) -> Int { a - floorDiv(a, b) * b }
}
