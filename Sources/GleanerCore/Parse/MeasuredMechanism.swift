#if canImport(Glibc)
import Glibc
#endif

/// Parse-stage mechanisms that stay only while each buys 10 % or more on a headline figure of
/// `make bench`; `GLEANER_OFF=fast-regex,zoneinfo,rawtext` switches them off, so that the bench
/// measures each on and off in one run (docs/benchmarks.md). Records are the same either way.
enum MeasuredMechanism: String, CaseIterable {
    /// FastRegex instead of ICU's NSRegularExpression for patterns in its subset.
    case fastRegex = "fast-regex"
    /// ZoneInfo (the TZif files) instead of Foundation's TimeZone.
    case zoneInfo = "zoneinfo"
    /// RawText: script and style contents removed before libxml2 reads a page.
    case rawText = "rawtext"

    var isOn: Bool { !Self.switchedOff.contains(self) }

    private static let switchedOff: Set<MeasuredMechanism> = {
        guard let p = getenv("GLEANER_OFF") else { return [] }
        return Set(String(cString: p).split(separator: ",").compactMap { MeasuredMechanism(rawValue: String($0)) })
    }()
}
