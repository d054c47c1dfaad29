import Foundation
import GleanerParse
import TestSupport
import Testing

/// ZoneInfo against Foundation's ICU-backed TimeZone (the implementation it replaces), and
/// hand-built TZif files for the footer rules and the hostile inputs.
@Suite struct ZoneInfoTests {
    static let system = "/usr/share/zoneinfo"

    // MARK: - Against ICU

    /// Fixed DST, half-hour DST, 45-minute offsets, Ramadan-dependent rules, negative DST
    /// (Dublin: winter is the "daylight" time), a two-hour DST (Troll), abolished DST (Sao Paulo).
    static let zones = [
        "Asia/Seoul", "Europe/Berlin", "America/New_York", "America/Sao_Paulo", "Australia/Lord_Howe",
        "Pacific/Chatham", "Africa/Casablanca", "Asia/Kolkata", "America/St_Johns", "Europe/Dublin",
        "Antarctica/Troll", "UTC",
    ]

    /// Zones whose offset changes every year, so finding no transition means the scan is broken.
    static let withDST: Set<String> = [
        "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham", "Africa/Casablanca",
        "America/St_Johns", "Europe/Dublin", "Antarctica/Troll",
    ]

    // No window restriction: the toolchain's ICU and Debian's tzdata were both 2025b when this was
    // written (TimeZone.timeZoneDataVersion), and they agree over the whole of 1970–2100. A later
    // tzdata on the machine may change a zone's rules (a country dropping DST): then glibc's reading
    // of the same files, `date`, is the reference instead of the toolchain's older ICU.
    @Test(arguments: zones) func agreesWithFoundationFrom1970To2100(_ id: String) throws {
        let zone = try ZoneInfo.load(id, directory: Self.system)
        let reference = try #require(TimeZone(identifier: id))
        var icu = { (t: Int64) in reference.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t))) }
        let same = try Self.sameReleaseAsICU()
        if !same {
            let sample = Self.randomInstants(count: 4000, in: Self.utc(1970, 1, 1)..<Self.utc(2100, 1, 1))
                + Self.changes(of: zone.secondsFromGMT(atUTC:), in: Self.utc(1990, 1, 1)..<Self.utc(2040, 1, 1)).flatMap { [$0 - 1, $0, $0 + 1] }
            let glibc = Dictionary(zip(sample, try Self.glibcOffsets(id, at: sample)), uniquingKeysWith: { a, _ in a })
            icu = { glibc[$0] ?? Int.min }
        }

        var instants = Self.randomInstants(count: 4000, in: Self.utc(1970, 1, 1)..<Self.utc(2100, 1, 1))
        // Each offset change in 1990–2040 that either side sees, and the seconds around it.
        let changes = Self.changes(of: zone.secondsFromGMT(atUTC:), in: Self.utc(1990, 1, 1)..<Self.utc(2040, 1, 1))
            + (same ? Self.changes(of: icu, in: Self.utc(1990, 1, 1)..<Self.utc(2040, 1, 1)) : [])
        if Self.withDST.contains(id) { #expect(changes.count > 2 * 40, "\(id): only \(changes.count) transitions found") }
        for t in changes { instants += [t - 1, t, t + 1] }

        let wrong = Self.mismatches(zone, icu, at: instants)
        #expect(wrong.isEmpty, "\(id): \(wrong.count) of \(instants.count) instants differ, e.g. \(wrong.prefix(5))")
    }

    /// Debian builds EET and WET as zones of their own (tzdata.zi "Z EET 2 E EE%sT"); ICU makes them
    /// links to Europe/Athens and Europe/Lisbon (tzdata 2024b), so the two differ in 1970–1980. For
    /// those glibc's own reading of the same files, `date`, is the reference.
    static let icuDisagrees: Set<String> = ["EET", "WET"]

    /// Every zone and link of the system database loads; each agrees with ICU at a sample of instants
    /// when both carry the same tzdata release (otherwise real rule changes would differ).
    @Test func everySystemZoneLoadsAndAgreesWithICU() throws {
        let zi = try String(contentsOfFile: "\(Self.system)/tzdata.zi", encoding: .utf8)
        let names = zi.split(separator: "\n").compactMap { line -> String? in
            let f = line.split(separator: " ")
            return f.first == "Z" ? String(f[1]) : f.first == "L" ? String(f[2]) : nil
        }
        #expect(names.count > 500)
        let sameRelease = try Self.sameReleaseAsICU()
        let instants = Self.randomInstants(count: 300, in: Self.utc(1970, 1, 1)..<Self.utc(2100, 1, 1))
        for id in names {
            let zone: ZoneInfo
            do { zone = try ZoneInfo.load(id, directory: Self.system) } catch { Issue.record("\(error)"); continue }
            guard sameRelease, !Self.icuDisagrees.contains(id), let icu = TimeZone(identifier: id) else { continue }
            let wrong = Self.mismatches(zone, { icu.secondsFromGMT(for: Date(timeIntervalSince1970: Double($0))) }, at: instants)
            #expect(wrong.isEmpty, "\(id): \(wrong.prefix(3))")
        }
    }

    @Test(arguments: icuDisagrees.sorted()) func agreesWithGlibcWhereICUDiffers(_ id: String) throws {
        let zone = try ZoneInfo.load(id, directory: Self.system)
        let instants = Self.randomInstants(count: 300, in: Self.utc(1970, 1, 1)..<Self.utc(2100, 1, 1))
            + Self.changes(of: zone.secondsFromGMT(atUTC:), in: Self.utc(1970, 1, 1)..<Self.utc(1990, 1, 1)).flatMap { [$0 - 1, $0] }
        let glibc = try Self.glibcOffsets(id, at: instants)
        let wrong = zip(instants, glibc).filter { zone.secondsFromGMT(atUTC: $0) != $1 }
        #expect(wrong.isEmpty, "\(id): \(wrong.prefix(5))")
        // And ICU really does differ, or this exception should go.
        let icu = try #require(TimeZone(identifier: id))
        #expect(instants.contains { icu.secondsFromGMT(for: Date(timeIntervalSince1970: Double($0))) != zone.secondsFromGMT(atUTC: $0) })
    }

    /// The comparison above can fail: a zone checked against another zone's ICU offsets is caught.
    @Test func theComparisonCatchesAWrongZone() throws {
        let berlin = try ZoneInfo.load("Europe/Berlin", directory: Self.system)
        let london = try #require(TimeZone(identifier: "Europe/London"))
        // Since 1996 both follow the EU rules, one hour apart at every instant.
        let instants = Self.randomInstants(count: 200, in: Self.utc(1997, 1, 1)..<Self.utc(2100, 1, 1))
        let wrong = Self.mismatches(berlin, { london.secondsFromGMT(for: Date(timeIntervalSince1970: Double($0))) }, at: instants)
        #expect(wrong.count == instants.count)
    }

    @Test func knownOffsets() throws {
        let seoul = try ZoneInfo.load("Asia/Seoul", directory: Self.system)
        #expect(seoul.secondsFromGMT(atUTC: Self.utc(2025, 3, 22, 1, 7)) == 9 * 3600)
        // Seoul's DST for the 1988 Olympics: +10 from 1988-05-08 02:00 KST.
        #expect(seoul.secondsFromGMT(atUTC: Self.utc(1988, 7, 1)) == 10 * 3600)
        let ny = try ZoneInfo.load("America/New_York", directory: Self.system)
        #expect(ny.secondsFromGMT(atUTC: Self.utc(2025, 7, 2, 16, 30)) == -4 * 3600)
        #expect(ny.secondsFromGMT(atUTC: Self.utc(2025, 1, 2, 17, 30)) == -5 * 3600)
        let kolkata = try ZoneInfo.load("Asia/Kolkata", directory: Self.system)
        #expect(kolkata.secondsFromGMT(atUTC: Self.utc(2030, 1, 1)) == 19800)
        // Before the first transition: time type 0, local mean time (+8:27:52 for Seoul).
        #expect(seoul.secondsFromGMT(atUTC: Self.utc(1900, 1, 1)) == 30472)
        // Far outside any table, the footer still answers (and nothing overflows).
        #expect(seoul.secondsFromGMT(atUTC: .max) == 9 * 3600)
        let berlin = try ZoneInfo.load("Europe/Berlin", directory: Self.system)
        for t: Int64 in [.max, .max - 1, .min / 2, 1 << 62] { _ = berlin.secondsFromGMT(atUTC: t) }
        #expect(berlin.secondsFromGMT(atUTC: Self.utc(9999, 7, 1)) == 7200)
        #expect(berlin.secondsFromGMT(atUTC: .min) == 3208) // LMT +0:53:28
    }

    /// Leap-second records are skipped: the right/ zones carry them and give the same offsets.
    @Test func leapSecondRecordsAreSkipped() throws {
        let right = "\(Self.system)/right"
        try #require(FileManager.default.fileExists(atPath: "\(right)/Europe/Berlin"), "tzdata has no right/ zones")
        let leaps = try ZoneInfo.load("Europe/Berlin", directory: right)
        let plain = try ZoneInfo.load("Europe/Berlin", directory: Self.system)
        // Only to 2025: right/ files end at the leap-second table's expiry (2026-06-28 in tzdata
        // 2025b) with an empty footer, i.e. no claim about later times.
        for year in Int64(1972)...2025 {
            for (m, d) in [(Int64(1), Int64(15)), (7, 15)] {
                let t = Self.utc(year, m, d)
                #expect(leaps.secondsFromGMT(atUTC: t) == plain.secondsFromGMT(atUTC: t), "\(year)-\(m)-\(d)")
            }
        }
        let built = Self.tzif(types: [(3600, false)], leapSeconds: [(78796800, 1), (94694401, 2)], footer: "<+01>-1")
        #expect(try Self.loadBytes(built).secondsFromGMT(atUTC: Self.utc(2030, 1, 1)) == 3600)
    }

    // MARK: - The footer (POSIX TZ string) after the last transition

    @Test func footerRulesAnswerWhenThereAreNoTransitions() throws {
        let cet = try Self.loadFooter("CET-1CEST,M3.5.0,M10.5.0/3")
        // Last Sundays: 2030-03-31, 2030-10-27, 2090-03-26, 2090-10-29; the switch is at 01:00 UTC.
        Self.expectOffsets(cet, [
            ((2030, 1, 15, 12, 0, 0), 3600), ((2030, 7, 1, 12, 0, 0), 7200),
            ((2030, 3, 31, 0, 59, 59), 3600), ((2030, 3, 31, 1, 0, 0), 7200),
            ((2030, 10, 27, 0, 59, 59), 7200), ((2030, 10, 27, 1, 0, 0), 3600),
            ((2090, 3, 26, 0, 59, 59), 3600), ((2090, 3, 26, 1, 0, 0), 7200),
            ((2090, 10, 29, 0, 59, 59), 7200), ((2090, 10, 29, 1, 0, 0), 3600),
            // No transitions: the footer answers before 1970 too (RFC 8536 §3.2).
            ((1900, 7, 1, 0, 0, 0), 7200),
        ])
        let minus3 = try Self.loadFooter("<-03>3")
        Self.expectOffsets(minus3, [((2030, 6, 1, 0, 0, 0), -10800), ((2090, 12, 31, 23, 59, 59), -10800), ((1900, 1, 1, 0, 0, 0), -10800)])
    }

    @Test func julianDaysCountFebruary29OnlyInTheZeroBasedForm() throws {
        // J60 is March 1 in every year; 59 is February 29 in a leap year, March 1 otherwise.
        let j = try Self.loadFooter("EST5EDT,J60/2,J300/2")
        Self.expectOffsets(j, [
            ((2032, 2, 29, 12, 0, 0), -18000), ((2032, 3, 1, 6, 59, 59), -18000), ((2032, 3, 1, 7, 0, 0), -14400),
            ((2031, 3, 1, 6, 59, 59), -18000), ((2031, 3, 1, 7, 0, 0), -14400),
            // J300 is October 27 every year; 02:00 EDT is 06:00 UTC.
            ((2032, 10, 27, 5, 59, 59), -14400), ((2032, 10, 27, 6, 0, 0), -18000),
        ])
        let n = try Self.loadFooter("EST5EDT,59/2,299/2")
        Self.expectOffsets(n, [
            ((2032, 2, 29, 6, 59, 59), -18000), ((2032, 2, 29, 7, 0, 0), -14400),
            ((2031, 2, 28, 12, 0, 0), -18000), ((2031, 3, 1, 6, 59, 59), -18000), ((2031, 3, 1, 7, 0, 0), -14400),
            // 299 is October 27 in 2031, October 26 in the leap year 2032.
            ((2031, 10, 27, 5, 59, 59), -14400), ((2031, 10, 27, 6, 0, 0), -18000),
            ((2032, 10, 26, 5, 59, 59), -14400), ((2032, 10, 26, 6, 0, 0), -18000),
        ])
    }

    @Test func dstAllYear() throws {
        // RFC 8536 §3.3.1: from January 1 00:00 to December 31 24:00 plus the DST saving.
        for (footer, dst) in [("EST5EDT,0/0,J365/25", -14400), ("<-03>3<-02>,0/0,J365/25", -7200)] {
            let z = try Self.loadFooter(footer)
            var instants = Self.randomInstants(count: 500, in: Self.utc(1900, 1, 1)..<Self.utc(2400, 1, 1))
            for y in Int64(2028)...2033 {
                let newYear = Self.utc(y, 1, 1)
                instants += [newYear - 1, newYear, newYear + 3 * 3600, newYear + 5 * 3600 - 1, newYear + 5 * 3600]
            }
            for t in instants { #expect(z.secondsFromGMT(atUTC: t) == dst, "\(footer) at \(t)") }
        }
    }

    @Test func negativeAndLongRuleTimesSouthernAndNegativeDST() throws {
        // America/Nuuk: DST starts at -1:00 local on the last Sunday of March, i.e. Saturday 23:00.
        let nuuk = try Self.loadFooter("<-02>2<-01>,M3.5.0/-1,M10.5.0/0")
        Self.expectOffsets(nuuk, [
            ((2030, 3, 31, 0, 59, 59), -7200), ((2030, 3, 31, 1, 0, 0), -3600),
            ((2030, 10, 27, 0, 59, 59), -3600), ((2030, 10, 27, 1, 0, 0), -7200),
        ])
        // 26:00 on the first Saturday is 02:00 on the Sunday after it.
        let late = try Self.loadFooter("EST5EDT,M3.1.6/26,M11.1.6/25")
        Self.expectOffsets(late, [
            ((2030, 3, 3, 6, 59, 59), -18000), ((2030, 3, 3, 7, 0, 0), -14400),
            ((2030, 11, 3, 4, 59, 59), -14400), ((2030, 11, 3, 5, 0, 0), -18000),
        ])
        // Lord Howe: half-hour DST, southern hemisphere (the DST interval spans New Year).
        let lordHowe = try Self.loadFooter("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0")
        Self.expectOffsets(lordHowe, [
            ((2030, 10, 5, 15, 29, 59), 37800), ((2030, 10, 5, 15, 30, 0), 39600),
            ((2030, 4, 6, 14, 59, 59), 39600), ((2030, 4, 6, 15, 0, 0), 37800),
            ((2090, 1, 1, 0, 0, 0), 39600), ((2090, 6, 1, 0, 0, 0), 37800),
        ])
        // Dublin: standard time IST in summer, "daylight" GMT in winter.
        let dublin = try Self.loadFooter("IST-1GMT0,M10.5.0,M3.5.0/1")
        Self.expectOffsets(dublin, [
            ((2030, 3, 31, 0, 59, 59), 0), ((2030, 3, 31, 1, 0, 0), 3600),
            ((2030, 10, 27, 0, 59, 59), 3600), ((2030, 10, 27, 1, 0, 0), 0), ((2090, 7, 1, 0, 0, 0), 3600),
        ])
        // Without rules, the US ones (glibc's default).
        let us = try Self.loadFooter("EST5EDT")
        Self.expectOffsets(us, [((2030, 1, 1, 0, 0, 0), -18000), ((2030, 7, 1, 0, 0, 0), -14400)])
    }

    /// The transitions answer up to the last one, the footer after it, time type 0 before the first.
    @Test func transitionsThenFooter() throws {
        let t1 = Self.utc(2000, 1, 1), t2 = Self.utc(2010, 1, 1)
        let bytes = Self.tzif(transitions: [(t1, 1), (t2, 2)], types: [(100, false), (3600, false), (-10800, false)],
                              footer: "CET-1CEST,M3.5.0,M10.5.0/3")
        let z = try Self.loadBytes(bytes)
        #expect(z.secondsFromGMT(atUTC: t1 - 1) == 100)
        #expect(z.secondsFromGMT(atUTC: t1) == 3600)
        #expect(z.secondsFromGMT(atUTC: t2 - 1) == 3600)
        #expect(z.secondsFromGMT(atUTC: t2) == -10800)
        #expect(z.secondsFromGMT(atUTC: Self.utc(2030, 7, 1)) == 7200)
        #expect(z.secondsFromGMT(atUTC: Self.utc(2030, 1, 1)) == 3600)
        // An empty footer keeps the last transition's type, like a version 1 file.
        let empty = try Self.loadBytes(Self.tzif(transitions: [(t1, 1)], types: [(0, false), (3600, true)], footer: ""))
        #expect(empty.secondsFromGMT(atUTC: Self.utc(2090, 1, 1)) == 3600)
    }

    @Test(arguments: [
        "", "CE-1", "CET", "CET-25", "CET-1CEST,M3.5.0", "CET-1CEST,M13.5.0,M10.5.0", "CET-1CEST,M3.6.0,M10.5.0",
        "CET-1CEST,J0,J365", "CET-1CEST,366,J365", "CET-1CEST,M3.5.0/168,M10.5.0", "CET-1CEST,M3.5.0,M10.5.0 ",
        "<+01-1", "<+1>-1", "CET-1:60",
    ])
    func badFootersAreRejected(_ footer: String) throws {
        // "" is a valid (empty) footer; make it a missing name by adding a comma.
        let text = footer.isEmpty ? ",CET-1" : footer
        let error = try #require(throws: ZoneInfoError.self) { try Self.loadFooter(text) }
        #expect(error.description.contains("footer"), "\(error)")
    }

    // MARK: - Errors

    @Test func unknownZoneNamesThePathAndTzdata() throws {
        let dir = try TemporaryDirectory()
        let error = try #require(throws: ZoneInfoError.self) { try ZoneInfo.load("Asia/Seol", directory: dir.path) }
        #expect(error.description.contains("\(dir.path)/Asia/Seol"), "\(error)")
        #expect(error.description.contains("tzdata"), "\(error)")
        #expect(error.description.contains("'Asia/Seol'"), "\(error)")
        #expect(error.path == "\(dir.path)/Asia/Seol")
        let viaDefault = try #require(throws: ZoneInfoError.self) { try ZoneInfo.load("Asia/Seol") }
        #expect(viaDefault.description.contains(ZoneInfo.defaultDirectory + "/Asia/Seol"), "\(viaDefault)")
        // A file where a directory should be, and a directory where the file should be.
        #expect(throws: ZoneInfoError.self) { try ZoneInfo.load("Asia/Seoul/Extra", directory: Self.system) }
        let dirError = try #require(throws: ZoneInfoError.self) { try ZoneInfo.load("Europe", directory: Self.system) }
        #expect(dirError.description.contains("not a regular file"), "\(dirError)")
        // A FIFO would block a plain open() until a writer came.
        try #require(mkfifo("\(dir.path)/Fifo", 0o600) == 0)
        let fifoError = try #require(throws: ZoneInfoError.self) { try ZoneInfo.load("Fifo", directory: dir.path) }
        #expect(fifoError.description.contains("not a regular file"), "\(fifoError)")
    }

    @Test(arguments: [
        "", "/etc/passwd", "../etc/passwd", "Asia/../etc/passwd", "..", "Asia/..", "./Asia/Seoul", "Asia//Seoul",
        "Asia/Seoul/", "Asia/Seoul ", "Asia\\Seoul", "Asia/Sëoul", "Asia/Seoul\0", "Asia/Seoul\n", "~/zone", "A.B",
        String(repeating: "a", count: 256),
    ])
    func nonIANANamesAreRejectedBeforeTheFileSystem(_ name: String) throws {
        // Every name here, joined naively to `sub`, would reach a valid TZif file if it were read.
        let dir = try TemporaryDirectory()
        let valid = try Data(contentsOf: URL(fileURLWithPath: "\(Self.system)/Europe/Berlin"))
        for p in ["etc/passwd", "sub/Asia/Seoul", "sub/A.B", "sub/zone", "sub/etc/passwd"] {
            try Self.write(valid, to: "\(dir.path)/\(p)")
        }
        let error = try #require(throws: ZoneInfoError.self) { try ZoneInfo.load(name, directory: "\(dir.path)/sub") }
        #expect(error.description.contains("not an IANA zone name"), "\(error)")
        #expect(error.path == nil)
    }

    @Test func ianaNamesWithDigitsPlusAndMinusAreAccepted() throws {
        for name in ["Etc/GMT+5", "Etc/GMT-14", "America/Port-au-Prince", "America/Argentina/Buenos_Aires"] {
            #expect(throws: Never.self) { try ZoneInfo.load(name, directory: Self.system) }
        }
        #expect(try ZoneInfo.load("Etc/GMT+5", directory: Self.system).secondsFromGMT(atUTC: 0) == -18000)
    }

    @Test func badMagicIsNotATZifFile() throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(Self.system)/Europe/Berlin")))
        bytes[3] = UInt8(ascii: "X")
        let error = try #require(throws: ZoneInfoError.self) { try Self.loadBytes(bytes) }
        #expect(error.description.contains("bad magic"), "\(error)")
        let text = try #require(throws: ZoneInfoError.self) { try Self.loadBytes(Array("root:x:0:0:root:/root:/bin/bash\n".utf8)) }
        #expect(text.description.contains("not a TZif file"), "\(text)")
        #expect(throws: ZoneInfoError.self) { try Self.loadBytes([]) }
    }

    /// Every prefix of a real file (v2+, and the same data as a version 1 file) throws, never crashes.
    @Test func everyTruncationThrows() throws {
        let full = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(Self.system)/Europe/Berlin")))
        let v1 = Self.versionOneOnly(full)
        let dir = try TemporaryDirectory()
        for file in [full, v1] {
            _ = try Self.loadBytes(file, in: dir)
            for n in 0..<file.count {
                #expect(throws: ZoneInfoError.self, "prefix of \(n) of \(file.count) bytes") {
                    try Self.loadBytes(Array(file[..<n]), in: dir)
                }
            }
        }
        let error = try #require(throws: ZoneInfoError.self) { try Self.loadBytes(Array(full[..<100]), in: dir) }
        #expect(error.description.contains("truncated (version 1 block: header says 143 transitions"), "\(error)")
    }

    @Test func hostileHeadersAndDataThrow() throws {
        var cases: [(String, [UInt8])] = []
        let good = Self.tzif(transitions: [(0, 1)], types: [(0, false), (3600, false)], footer: "<+01>-1")
        #expect(try Self.loadBytes(good).secondsFromGMT(atUTC: 1) == 3600)
        // Counts near 2^32 in the v1 header (offset 20 + 4 * field) and in the v2 header.
        let v2Header = Self.versionOneOnly(good).count
        for field in 0..<6 {
            for base in [20, v2Header + 20] {
                var b = good
                b.replaceSubrange(base + 4 * field..<base + 4 * field + 4, with: [0xFF, 0xFF, 0xFF, 0xFF])
                cases.append(("count \(field) at \(base)", b))
            }
        }
        cases.append(("no types", Self.tzif(types: [], footer: "UTC0")))
        cases.append(("no abbreviations", Self.tzif(types: [(0, false)], abbreviations: [], footer: "UTC0")))
        cases.append(("type index out of range", Self.tzif(transitions: [(0, 2)], types: [(0, false), (3600, false)], footer: "UTC0")))
        cases.append(("times not ascending", Self.tzif(transitions: [(10, 1), (10, 0)], types: [(0, false), (3600, false)], footer: "UTC0")))
        cases.append(("offset out of range", Self.tzif(types: [(Int32.min, false)], footer: "UTC0")))
        cases.append(("offset of 26 hours", Self.tzif(types: [(93600, false)], footer: "UTC0")))
        cases.append(("abbreviation index out of range", Self.tzif(types: [(0, false)], abbreviationIndex: 9, footer: "UTC0")))
        cases.append(("indicator count mismatch", Self.tzif(types: [(0, false), (0, false)], indicators: 1, footer: "UTC0")))
        cases.append(("version '1'", { var b = good; b[4] = UInt8(ascii: "1"); return b }()))
        cases.append(("footer without newlines", Array(good.dropLast(9)) + Array("<+01>-1".utf8)))
        var zeros = Array("TZif2".utf8)
        zeros += [UInt8](repeating: 0, count: (1 << 20) + 1 - zeros.count)
        cases.append(("larger than 1 MB", zeros))
        for (what, bytes) in cases {
            #expect(throws: ZoneInfoError.self, "\(what)") { try Self.loadBytes(bytes) }
        }
    }

    // MARK: - Versions, directories, UTC

    @Test func versionsOneToFour() throws {
        let full = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(Self.system)/Europe/Berlin")))
        let berlin = try Self.loadBytes(full)
        for version in [UInt8(ascii: "3"), UInt8(ascii: "4")] {
            var b = full
            b[4] = version
            #expect(try Self.loadBytes(b) == berlin)
        }
        // Version 1: 32-bit transitions up to 2037, then the last type stays (no footer).
        let v1 = try Self.loadBytes(Self.versionOneOnly(full))
        let icu = try #require(TimeZone(identifier: "Europe/Berlin"))
        let instants = Self.randomInstants(count: 2000, in: Self.utc(1970, 1, 1)..<Self.utc(2037, 1, 1))
        let wrong = Self.mismatches(v1, { icu.secondsFromGMT(for: Date(timeIntervalSince1970: Double($0))) }, at: instants)
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
        #expect(v1.secondsFromGMT(atUTC: Self.utc(2040, 7, 1)) == 3600)
        #expect(v1 != berlin)
    }

    @Test func directoryLikeTZDIR() throws {
        let dir = try TemporaryDirectory()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(Self.system)/Europe/Berlin"))
        try Self.write(bytes, to: "\(dir.path)/Europe/Berlin")
        let system = try ZoneInfo.load("Europe/Berlin", directory: Self.system)
        #expect(try ZoneInfo.load("Europe/Berlin", directory: dir.path) == system)
        #expect(try ZoneInfo.load("Europe/Berlin", directory: dir.path + "/") == system)
        #expect(throws: ZoneInfoError.self) { try ZoneInfo.load("Asia/Seoul", directory: dir.path) }
        let tzdir = ProcessInfo.processInfo.environment["TZDIR"] ?? ""
        #expect(ZoneInfo.defaultDirectory == (tzdir.isEmpty ? Self.system : tzdir))
    }

    @Test(arguments: ["UTC", "Etc/UTC", "GMT", "Etc/GMT"])
    func utcNeedsNoFile(_ name: String) throws {
        let empty = try TemporaryDirectory()
        let z = try ZoneInfo.load(name, directory: empty.path)
        #expect(z.identifier == name)
        for t in [Int64.min, -1, 0, Self.utc(2025, 3, 22), .max] { #expect(z.secondsFromGMT(atUTC: t) == 0) }
        #expect(throws: ZoneInfoError.self) { try ZoneInfo.load("Z", directory: empty.path) }
    }

    // MARK: - Helpers

    /// Seconds since the epoch of a UTC date and time.
    static func utc(_ y: Int64, _ mo: Int64, _ d: Int64, _ h: Int64 = 0, _ mi: Int64 = 0, _ s: Int64 = 0) -> Int64 {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        let date = c.date(from: DateComponents(year: Int(y), month: Int(mo), day: Int(d), hour: Int(h), minute: Int(mi), second: Int(s)))!
        return Int64(date.timeIntervalSince1970)
    }

    /// The same instants on every run (SplitMix64 with a fixed seed).
    static func randomInstants(count: Int, in range: Range<Int64>) -> [Int64] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let span = UInt64(range.upperBound - range.lowerBound)
        return (0..<count).map { _ in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return range.lowerBound + Int64(z % span)
        }
    }

    /// Instants at which `offset` changes, found by stepping 6 hours and bisecting each change.
    static func changes(of offset: (Int64) -> Int, in range: Range<Int64>) -> [Int64] {
        var found: [Int64] = []
        var a = range.lowerBound
        var fa = offset(a)
        while a < range.upperBound {
            let b = a + 6 * 3600
            let fb = offset(b)
            if fb != fa {
                var lo = a, hi = b // offset(lo) == fa, offset(hi) != fa
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2
                    if offset(mid) == fa { lo = mid } else { hi = mid }
                }
                found.append(hi)
            }
            a = b
            fa = fb
        }
        return found
    }

    /// Whether the system's tzdata is the release the toolchain's ICU was built with.
    static func sameReleaseAsICU() throws -> Bool {
        try String(contentsOfFile: "\(system)/tzdata.zi", encoding: .utf8).hasPrefix("# version \(TimeZone.timeZoneDataVersion)\n")
    }

    static func mismatches(_ zone: ZoneInfo, _ reference: (Int64) -> Int, at instants: [Int64]) -> [String] {
        instants.compactMap { t in
            let got = zone.secondsFromGMT(atUTC: t), want = reference(t)
            return got == want ? nil : "\(Date(timeIntervalSince1970: Double(t))): \(got) s, ICU \(want) s"
        }
    }

    /// Offsets from glibc's localtime for `TZ=id`: `date -f -` formats one `@seconds` line each.
    static func glibcOffsets(_ id: String, at instants: [Int64]) throws -> [Int] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/date")
        p.arguments = ["-f", "-", "+%z"]
        p.environment = ["TZ": id, "TZDIR": system, "LC_ALL": "C"]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try p.run()
        input.fileHandleForWriting.write(Data(instants.map { "@\($0)\n" }.joined().utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        // "+0130" → 5400 s.
        let offsets = text.split(separator: "\n").map { z -> Int in
            let digits = z.dropFirst().compactMap { $0.wholeNumberValue }
            guard digits.count == 4 else { return Int.min }
            let s = (digits[0] * 10 + digits[1]) * 3600 + (digits[2] * 10 + digits[3]) * 60
            return z.first == "-" ? -s : s
        }
        guard offsets.count == instants.count else { throw TestFailure("date printed \(offsets.count) lines for \(instants.count)") }
        return offsets
    }

    typealias Moment = (Int64, Int64, Int64, Int64, Int64, Int64)

    static func expectOffsets(_ z: ZoneInfo, _ cases: [(Moment, Int)], sourceLocation: SourceLocation = #_sourceLocation) {
        for (m, want) in cases {
            let t = utc(m.0, m.1, m.2, m.3, m.4, m.5)
            #expect(z.secondsFromGMT(atUTC: t) == want, "\(z.identifier) at \(m)", sourceLocation: sourceLocation)
        }
    }

    static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    /// Loads `bytes` as the zone "Test/Zone" from a temporary directory.
    static func loadBytes(_ bytes: [UInt8], in dir: TemporaryDirectory? = nil) throws -> ZoneInfo {
        let d = try dir ?? TemporaryDirectory()
        try write(Data(bytes), to: "\(d.path)/Test/Zone")
        return try ZoneInfo.load("Test/Zone", directory: d.path)
    }

    /// A zone of one standard type with no transitions, so the footer decides everything.
    static func loadFooter(_ footer: String) throws -> ZoneInfo {
        try loadBytes(tzif(types: [(0, false)], footer: footer))
    }

    /// A TZif file written byte by byte (RFC 8536 §3): a version 1 block with the same data as
    /// 32-bit times, then the 64-bit header and block, then the footer.
    static func tzif(
        version: UInt8 = UInt8(ascii: "2"), transitions: [(Int64, UInt8)] = [], types: [(Int32, Bool)],
        abbreviations: [UInt8] = Array("ZZZ\0".utf8), abbreviationIndex: UInt8 = 0,
        leapSeconds: [(Int64, Int32)] = [], indicators: Int? = nil, footer: String
    ) -> [UInt8] {
        func be32<T: FixedWidthInteger>(_ v: T) -> [UInt8] {
            let u = UInt32(truncatingIfNeeded: v)
            return [UInt8(u >> 24), UInt8(u >> 16 & 0xFF), UInt8(u >> 8 & 0xFF), UInt8(u & 0xFF)]
        }
        func be64(_ v: Int64) -> [UInt8] { be32(UInt64(bitPattern: v) >> 32) + be32(v) }
        let indicatorCount = indicators ?? types.count
        func block(_ time: (Int64) -> [UInt8]) -> [UInt8] {
            var b = Array("TZif".utf8) + [version] + [UInt8](repeating: 0, count: 15)
            for n in [indicatorCount, indicatorCount, leapSeconds.count, transitions.count, types.count, abbreviations.count] {
                b += be32(n)
            }
            for (t, _) in transitions { b += time(t) }
            for (_, k) in transitions { b.append(k) }
            for (off, dst) in types { b += be32(off) + [dst ? 1 : 0, abbreviationIndex] }
            b += abbreviations
            for (t, corr) in leapSeconds { b += time(t) + be32(corr) }
            b += [UInt8](repeating: 0, count: 2 * indicatorCount)
            return b
        }
        return block { be32($0) } + block(be64) + Array("\n\(footer)\n".utf8)
    }

    /// A version 2+ file cut down to its version 1 header and block, marked version 1.
    static func versionOneOnly(_ file: [UInt8]) -> [UInt8] {
        func count(_ i: Int) -> Int {
            file[20 + 4 * i..<24 + 4 * i].reduce(0) { $0 << 8 | Int($1) }
        }
        let (isut, isstd, leap, time, type, char) = (count(0), count(1), count(2), count(3), count(4), count(5))
        let size = 44 + time * 5 + type * 6 + char + leap * 8 + isstd + isut
        var v1 = Array(file[..<size])
        v1[4] = 0
        return v1
    }
}
