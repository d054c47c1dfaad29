#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A time zone read from the system's TZif database (RFC 8536), the files glibc itself uses.
///
/// Written by hand instead of Foundation's `TimeZone`: on Linux that is ICU, and touching it keeps
/// ~1.6 MB of ICU code and data resident for the daemon's whole life, to answer one question —
/// the UTC offset of a zone at an instant. Immutable after `load`, so `Sendable`.
public struct ZoneInfo: Sendable, Equatable {
    public let identifier: String
    /// UTC seconds at which the offset changes, strictly ascending (checked at load).
    private let transitions: [Int64]
    /// The offset in effect from `transitions[i]` on.
    private let offsets: [Int32]
    /// Time type 0: before the first transition, and always when there is none (RFC 8536 §3.2).
    private let initialOffset: Int32
    /// The footer's POSIX TZ string: after the last transition (§3.3); nil in v1 files or when empty.
    private let rule: PosixTZ?

    /// Directory of the TZif files: $TZDIR when set, else /usr/share/zoneinfo.
    public static var defaultDirectory: String {
        // Same rule as glibc: an empty TZDIR counts as unset.
        if let p = getenv("TZDIR"), p.pointee != 0 { return String(cString: p) }
        return "/usr/share/zoneinfo"
    }

    /// Largest file read; real zones are under 4 KB, so anything near this is not a zone.
    static let maxFileSize = 1 << 20

    /// Zones that need no file: a machine without tzdata still runs UTC parsers.
    static let builtinUTC: Set<String> = ["UTC", "Etc/UTC", "GMT", "Etc/GMT"]

    /// UTC, without a file.
    public static let utc = ZoneInfo(identifier: "UTC", transitions: [], offsets: [], initialOffset: 0, rule: nil)

    /// - Throws: `ZoneInfoError` naming the identifier, the file and what is wrong with it.
    public static func load(_ identifier: String, directory: String = ZoneInfo.defaultDirectory) throws(ZoneInfoError) -> ZoneInfo {
        if builtinUTC.contains(identifier) {
            return ZoneInfo(identifier: identifier, transitions: [], offsets: [], initialOffset: 0, rule: nil)
        }
        // The name becomes a path: check it before the file system sees it.
        if let problem = nameProblem(identifier) {
            throw ZoneInfoError(identifier: identifier, path: nil, detail: "not an IANA zone name (\(problem))")
        }
        let path = directory.hasSuffix("/") ? directory + identifier : directory + "/" + identifier
        let bytes = try readFile(path, identifier: identifier)
        do {
            var reader = TZifReader(bytes)
            return try reader.zone(identifier)
        } catch {
            throw ZoneInfoError(identifier: identifier, path: path, detail: "\(path): \(error.detail)")
        }
    }

    /// Seconds east of UTC in effect at `utcSeconds` (seconds since 1970-01-01T00:00:00Z).
    public func secondsFromGMT(atUTC utcSeconds: Int64) -> Int {
        if !MeasuredMechanism.zoneInfo.isOn, let zone = TimeZone(identifier: identifier) {
            return zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utcSeconds)))
        }
        guard let first = transitions.first, utcSeconds >= first else {
            // No transitions: the footer decides everywhere when there is one (RFC 8536 §3.2).
            if transitions.isEmpty, let rule { return Int(rule.offset(atUTC: utcSeconds)) }
            return Int(initialOffset)
        }
        if utcSeconds > transitions[transitions.count - 1], let rule { return Int(rule.offset(atUTC: utcSeconds)) }
        // Last transition at or before the instant (transitions[0] <= utcSeconds holds).
        var lo = 0, hi = transitions.count - 1
        while lo < hi {
            let mid = lo + (hi - lo + 1) / 2
            if transitions[mid] <= utcSeconds { lo = mid } else { hi = mid - 1 }
        }
        return Int(offsets[lo])
    }

    /// Why `name` is not an IANA-style zone name, or nil when it is one.
    static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "empty" }
        if name.utf8.count > 255 { return "too long" }
        if name.hasPrefix("/") { return "absolute path" }
        for c in name.utf8 {
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "/"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "+"):
                continue
            case UInt8(ascii: "."):
                return name.split(separator: "/", omittingEmptySubsequences: false).contains("..")
                    ? "'..' component" : "character '.'"
            default:
                return "character outside A-Z a-z 0-9 / _ - +"
            }
        }
        if name.split(separator: "/", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            return "empty path component"
        }
        return nil
    }

    /// The whole file, at most `maxFileSize` bytes; POSIX calls, so no Foundation file APIs.
    private static func readFile(_ path: String, identifier: String) throws(ZoneInfoError) -> [UInt8] {
        func fail(_ detail: String) -> ZoneInfoError {
            ZoneInfoError(identifier: identifier, path: path, detail: detail)
        }
        // Non-blocking, so a FIFO planted under the name cannot hang the load before fstat rejects it.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 {
            let e = errno
            if e == ENOENT || e == ENOTDIR { throw fail("no file \(path) (is the tzdata package installed?)") }
            throw fail("\(path): cannot open: \(String(cString: strerror(e)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw fail("\(path): cannot stat: \(String(cString: strerror(errno)))") }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw fail("\(path): not a regular file") }
        guard Int(st.st_size) <= maxFileSize else { throw fail("\(path): \(st.st_size) bytes, too large for a TZif file") }
        // Read to EOF instead of trusting st_size, and stop past the cap should the file grow.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(st.st_size))
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let r = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if r == 0 { break }
            if r < 0 {
                if errno == EINTR { continue }
                throw fail("\(path): cannot read: \(String(cString: strerror(errno)))")
            }
            bytes.append(contentsOf: chunk[..<r])
            guard bytes.count <= maxFileSize else { throw fail("\(path): larger than \(maxFileSize) bytes, too large for a TZif file") }
        }
        return bytes
    }

    fileprivate init(identifier: String, transitions: [Int64], offsets: [Int32], initialOffset: Int32, rule: PosixTZ?) {
        self.identifier = identifier
        self.transitions = transitions
        self.offsets = offsets
        self.initialOffset = initialOffset
        self.rule = rule
    }
}

public struct ZoneInfoError: Error, CustomStringConvertible, Sendable {
    public var identifier: String
    /// The TZif file, or nil when the name was rejected before any file was looked at.
    public var path: String?
    public var detail: String
    public var description: String { "time zone '\(identifier)': \(detail)" }
}

/// What is wrong inside a file; `load` adds the identifier and path.
struct TZifProblem: Error {
    var detail: String
    init(_ detail: String) { self.detail = detail }
}

/// Reads a TZif file (RFC 8536, versions 1 to 4), every count and offset checked against its length.
struct TZifReader {
    private let bytes: [UInt8]
    private var pos = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The counts of one header, in file order.
    private struct Header {
        var version: UInt8
        var isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt: Int
        var summary: String {
            "header says \(timecnt) transitions, \(typecnt) types, \(charcnt) abbreviation bytes, \(leapcnt) leap seconds"
        }
        /// Bytes of the data block that follows, with `timeSize`-byte times.
        func dataSize(timeSize: Int) -> Int {
            // Each count is < 2^32, so this cannot overflow a 64-bit Int.
            timecnt * (timeSize + 1) + typecnt * 6 + charcnt + leapcnt * (timeSize + 4) + isstdcnt + isutcnt
        }
    }

    mutating func zone(_ identifier: String) throws(TZifProblem) -> ZoneInfo {
        let v1 = try header()
        let v1Size = v1.dataSize(timeSize: 4)
        guard v1.version >= UInt8(ascii: "2") else {
            // Version 1: 32-bit data, no footer; the last transition's type stays in effect.
            let (times, offsets, initial) = try dataBlock(v1, timeSize: 4)
            return ZoneInfo(identifier: identifier, transitions: times, offsets: offsets, initialOffset: initial, rule: nil)
        }
        // Version 2+: skip the v1 block (it may be a stub) and read the 64-bit one and the footer.
        try need(v1Size, "version 1 block: \(v1.summary)")
        pos += v1Size
        let v2 = try header()
        let (times, offsets, initial) = try dataBlock(v2, timeSize: 8)
        let rule = try footer()
        return ZoneInfo(identifier: identifier, transitions: times, offsets: offsets, initialOffset: initial, rule: rule)
    }

    private func need(_ n: Int, _ what: @autoclosure () -> String) throws(TZifProblem) {
        guard n <= bytes.count - pos else { throw TZifProblem("truncated (\(what()))") }
    }

    private mutating func u8() -> UInt8 { defer { pos += 1 }; return bytes[pos] }
    private mutating func be32() -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 { v = v << 8 | UInt32(u8()) }
        return v
    }
    private mutating func be64() -> Int64 {
        var v: UInt64 = 0
        for _ in 0..<8 { v = v << 8 | UInt64(u8()) }
        return Int64(bitPattern: v)
    }

    private mutating func header() throws(TZifProblem) -> Header {
        // The magic first, so a short text file is called what it is rather than truncated.
        let magic = bytes[pos..<min(pos + 4, bytes.count)]
        guard magic.elementsEqual("TZif".utf8.prefix(magic.count)) else { throw TZifProblem("not a TZif file (bad magic)") }
        try need(44, "header of 44 bytes")
        pos += 4
        let version = u8()
        // 0 is version 1; later versions keep the layout, so accept any digit from 2 on.
        guard version == 0 || (UInt8(ascii: "2")...UInt8(ascii: "9")).contains(version) else {
            throw TZifProblem("unknown TZif version byte \(version)")
        }
        pos += 15
        return Header(version: version, isutcnt: Int(be32()), isstdcnt: Int(be32()), leapcnt: Int(be32()),
                      timecnt: Int(be32()), typecnt: Int(be32()), charcnt: Int(be32()))
    }

    /// Transition times, the offset each one starts, and type 0's offset.
    private mutating func dataBlock(_ h: Header, timeSize: Int) throws(TZifProblem) -> ([Int64], [Int32], Int32) {
        // Before any allocation: the counts below are now bounded by the file's length.
        try need(h.dataSize(timeSize: timeSize), h.summary)
        // RFC 8536 §3.1: at least one type and one abbreviation byte; indicators absent or one per type.
        guard h.typecnt >= 1, h.typecnt <= 256 else { throw TZifProblem("\(h.typecnt) time types (must be 1 to 256)") }
        guard h.charcnt >= 1 else { throw TZifProblem("no time zone abbreviations") }
        guard h.isstdcnt == 0 || h.isstdcnt == h.typecnt, h.isutcnt == 0 || h.isutcnt == h.typecnt else {
            throw TZifProblem("indicator counts \(h.isstdcnt)/\(h.isutcnt) do not match \(h.typecnt) time types")
        }
        var times: [Int64] = []
        times.reserveCapacity(h.timecnt)
        for i in 0..<h.timecnt {
            let t = timeSize == 8 ? be64() : Int64(Int32(bitPattern: be32()))
            if i > 0, t <= times[i - 1] { throw TZifProblem("transition times not ascending at transition \(i)") }
            times.append(t)
        }
        var typeIndices: [Int] = []
        typeIndices.reserveCapacity(h.timecnt)
        for i in 0..<h.timecnt {
            let k = Int(u8())
            guard k < h.typecnt else { throw TZifProblem("transition \(i) has type index \(k), but there are \(h.typecnt) types") }
            typeIndices.append(k)
        }
        var utoffs: [Int32] = []
        for i in 0..<h.typecnt {
            let utoff = Int32(bitPattern: be32())
            _ = u8() // isdst: the offset already includes any DST
            let abbr = Int(u8())
            // RFC 8536 §3.2 recommends -89999...93599; outside it a caller's arithmetic could overflow.
            guard (-89999...93599).contains(utoff) else { throw TZifProblem("time type \(i) has offset \(utoff) s") }
            guard abbr < h.charcnt else { throw TZifProblem("time type \(i) has abbreviation index \(abbr), but there are \(h.charcnt) bytes") }
            utoffs.append(utoff)
        }
        // Abbreviations, leap-second records and the std/wall and UT/local indicators are not needed.
        pos += h.charcnt + h.leapcnt * (timeSize + 4) + h.isstdcnt + h.isutcnt
        return (times, typeIndices.map { utoffs[$0] }, utoffs[0])
    }

    /// The v2+ footer: newline, POSIX TZ string, newline (RFC 8536 §3.3); nil when the string is empty.
    private mutating func footer() throws(TZifProblem) -> PosixTZ? {
        try need(1, "no footer")
        guard u8() == UInt8(ascii: "\n") else { throw TZifProblem("footer does not start with a newline") }
        guard let end = bytes[pos...].firstIndex(of: UInt8(ascii: "\n")) else { throw TZifProblem("truncated (footer has no final newline)") }
        let tz = bytes[pos..<end]
        pos = end + 1
        if tz.isEmpty { return nil }
        do {
            return try PosixTZ(Array(tz))
        } catch {
            throw TZifProblem("bad TZ string '\(String(decoding: tz, as: UTF8.self))' in footer: \(error.detail)")
        }
    }
}

/// A POSIX TZ string (`std offset [dst [offset] [,start[/time],end[/time]]]`) with the RFC 8536
/// §3.3.1 extensions: rule times from -167 to 167 hours, DST all year.
struct PosixTZ: Sendable, Equatable {
    /// Seconds east of UTC (the string says west).
    var stdOffset: Int32
    var dst: DST?

    struct DST: Sendable, Equatable {
        var offset: Int32
        /// When DST starts, in standard local time, and ends, in DST local time.
        var start: Rule
        var end: Rule
    }

    struct Rule: Sendable, Equatable {
        var date: DateRule
        /// Seconds after local midnight of `date`; may be negative or past 24 h.
        var time: Int32
    }

    enum DateRule: Sendable, Equatable {
        /// `Jn`: 1...365, February 29 never counted.
        case julian(Int)
        /// `n`: 0...365, February 29 counted.
        case zeroBased(Int)
        /// `Mm.w.d`: day `d` (0 = Sunday) of week `w` (5 = last) of month `m`.
        case monthWeekDay(month: Int, week: Int, day: Int)
    }

    init(_ s: [UInt8]) throws(TZifProblem) {
        var p = Scanner(s)
        try p.name()
        stdOffset = try -p.hms(maxHours: 24, what: "standard offset")
        if p.atEnd { dst = nil; return }
        try p.name()
        var dstOffset = stdOffset + 3600
        if !p.atEnd, p.peek != UInt8(ascii: ",") { dstOffset = try -p.hms(maxHours: 24, what: "DST offset") }
        var start = Rule(date: .monthWeekDay(month: 3, week: 2, day: 0), time: 7200)
        var end = Rule(date: .monthWeekDay(month: 11, week: 1, day: 0), time: 7200)
        // Without rules POSIX leaves the dates to the implementation; glibc's default is the US one.
        if !p.atEnd {
            try p.expect(",")
            start = try p.rule()
            try p.expect(",")
            end = try p.rule()
        }
        guard p.atEnd else { throw TZifProblem("unexpected text at byte \(p.pos)") }
        dst = DST(offset: dstOffset, start: start, end: end)
    }

    /// Seconds east of UTC at a UTC instant.
    func offset(atUTC t: Int64) -> Int32 {
        guard let dst else { return stdOffset }
        // The Gregorian calendar repeats every 400 years, weekdays included: move the instant into
        // 1970...2369 so the date arithmetic below stays small whatever the input.
        let cycle: Int64 = 146_097 * 86_400
        let u = ((t % cycle) + cycle) % cycle
        let year = Self.civilYear(days: u / 86_400)
        // DST intervals of the neighbouring years; a year's interval runs into the next one when
        // the end date comes before the start (southern hemisphere, or negative DST as in Dublin).
        // Rule times up to ±167 h reach a week into the next or previous year.
        func startUTC(_ y: Int64) -> Int64 { Self.localSeconds(dst.start, y) - Int64(stdOffset) }
        func endUTC(_ y: Int64) -> Int64 { Self.localSeconds(dst.end, y) - Int64(dst.offset) }
        for y in (year - 2)...(year + 1) {
            let s = startUTC(y), e = endUTC(y)
            let stop = s < e ? e : endUTC(y + 1)
            if s <= u, u < stop { return dst.offset }
        }
        return stdOffset
    }

    /// The rule's instant in year `y`, as seconds since 1970 of local time.
    static func localSeconds(_ r: Rule, _ y: Int64) -> Int64 {
        let day: Int64
        switch r.date {
        case .julian(let n):
            day = daysFromCivil(y, 1, 1) + Int64(n - 1) + (isLeap(y) && n >= 60 ? 1 : 0)
        case .zeroBased(let n):
            day = daysFromCivil(y, 1, 1) + Int64(n)
        case .monthWeekDay(let m, let w, let d):
            let first = daysFromCivil(y, Int64(m), 1)
            let firstWeekday = ((first + 4) % 7 + 7) % 7 // 1970-01-01 was a Thursday
            var x = first + (Int64(d) - firstWeekday + 7) % 7 + Int64(w - 1) * 7
            let next = m == 12 ? daysFromCivil(y + 1, 1, 1) : daysFromCivil(y, Int64(m + 1), 1)
            if x >= next { x -= 7 } // week 5 means the last such day
            day = x
        }
        return day * 86_400 + Int64(r.time)
    }

    static func isLeap(_ y: Int64) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The year of a day counted from 1970-01-01 (the inverse of `daysFromCivil`, year only).
    static func civilYear(days: Int64) -> Int64 {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        return yoe + era * 400 + (mp >= 10 ? 1 : 0)
    }

    /// A cursor over the TZ string's bytes.
    private struct Scanner {
        let s: [UInt8]
        var pos = 0
        init(_ s: [UInt8]) { self.s = s }

        var atEnd: Bool { pos == s.count }
        var peek: UInt8? { atEnd ? nil : s[pos] }

        mutating func expect(_ c: Unicode.Scalar) throws(TZifProblem) {
            guard peek == UInt8(ascii: c) else { throw TZifProblem("expected '\(c)' at byte \(pos)") }
            pos += 1
        }

        /// `abc` (letters) or `<+09>` (letters, digits, + and -), at least three characters.
        mutating func name() throws(TZifProblem) {
            let quoted = peek == UInt8(ascii: "<")
            if quoted { pos += 1 }
            let begin = pos
            while let c = peek, isAlpha(c) || (quoted && (isDigit(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-"))) {
                pos += 1
            }
            guard pos - begin >= 3 else { throw TZifProblem("zone abbreviation at byte \(begin) shorter than 3 characters") }
            if quoted { try expect(">") }
        }

        /// `[+|-]hh[:mm[:ss]]` in seconds, hours at most `maxHours`.
        mutating func hms(maxHours: Int, what: String) throws(TZifProblem) -> Int32 {
            var sign: Int32 = 1
            if peek == UInt8(ascii: "+") { pos += 1 } else if peek == UInt8(ascii: "-") { sign = -1; pos += 1 }
            let h = try number(maxDigits: 3, what: what)
            guard h <= maxHours else { throw TZifProblem("\(what) of \(h) hours") }
            var m = 0, sec = 0
            if peek == UInt8(ascii: ":") {
                pos += 1
                m = try number(maxDigits: 2, what: what)
                if peek == UInt8(ascii: ":") { pos += 1; sec = try number(maxDigits: 2, what: what) }
            }
            guard m < 60, sec < 60 else { throw TZifProblem("\(what) has minutes or seconds past 59") }
            return sign * Int32(h * 3600 + m * 60 + sec)
        }

        /// `Jn`, `n` or `Mm.w.d`, then an optional `/time`.
        mutating func rule() throws(TZifProblem) -> Rule {
            let date: DateRule
            if peek == UInt8(ascii: "J") {
                pos += 1
                let n = try number(maxDigits: 3, what: "Jn day")
                guard (1...365).contains(n) else { throw TZifProblem("day J\(n) (must be 1 to 365)") }
                date = .julian(n)
            } else if peek == UInt8(ascii: "M") {
                pos += 1
                let m = try number(maxDigits: 2, what: "month")
                try expect(".")
                let w = try number(maxDigits: 1, what: "week")
                try expect(".")
                let d = try number(maxDigits: 1, what: "weekday")
                guard (1...12).contains(m), (1...5).contains(w), (0...6).contains(d) else {
                    throw TZifProblem("rule M\(m).\(w).\(d) out of range")
                }
                date = .monthWeekDay(month: m, week: w, day: d)
            } else {
                let n = try number(maxDigits: 3, what: "day")
                guard n <= 365 else { throw TZifProblem("day \(n) (must be 0 to 365)") }
                date = .zeroBased(n)
            }
            var time: Int32 = 7200
            if peek == UInt8(ascii: "/") {
                pos += 1
                time = try hms(maxHours: 167, what: "rule time")
            }
            return Rule(date: date, time: time)
        }

        mutating func number(maxDigits: Int, what: String) throws(TZifProblem) -> Int {
            let begin = pos
            var v = 0
            while let c = peek, isDigit(c), pos - begin < maxDigits {
                v = v * 10 + Int(c - UInt8(ascii: "0"))
                pos += 1
            }
            guard pos > begin else { throw TZifProblem("expected a number (\(what)) at byte \(begin)") }
            if let c = peek, isDigit(c) { throw TZifProblem("\(what) has too many digits at byte \(begin)") }
            return v
        }

        private func isAlpha(_ c: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c)
        }
        private func isDigit(_ c: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) }
    }
}
