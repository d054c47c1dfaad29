import Foundation

/// RFC 3339 timestamps in UTC with second precision, e.g. `2025-07-02T03:00:00Z`.
public enum RFC3339 {
    public static func utcString(_ date: Date) -> String {
        var bytes: [UInt8] = []
        appendUTC(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes `utcString(date)` as bytes: every output line carries one, so no String is built.
    public static func appendUTC(_ date: Date, to out: inout [UInt8]) {
        // RFC 3339 has four-digit years: a date read back from a damaged database may lie outside
        // them (or be no number at all), and must still print instead of trapping.
        let seconds = date.timeIntervalSince1970
        let clamped = seconds.isNaN ? 0 : min(max(seconds.rounded(.down), -62_167_219_200), 253_402_300_799)
        var t = time_t(clamped)
        var tm = tm()
        gmtime_r(&t, &tm)
        appendPadded(tm.tm_year + 1900, width: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        appendPadded(tm.tm_mon + 1, width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        appendPadded(tm.tm_mday, width: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        appendPadded(tm.tm_hour, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendPadded(tm.tm_min, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendPadded(tm.tm_sec, width: 2, to: &out)
        out.append(UInt8(ascii: "Z"))
    }

    /// Decimal digits left-padded with zeros to `width`; longer numbers (and the sign of a
    /// negative year) are written in full, as `String(v)` would.
    private static func appendPadded(_ v: Int32, width: Int, to out: inout [UInt8]) {
        guard v >= 0 else {
            let s = String(v)
            if s.utf8.count < width { out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - s.utf8.count)) }
            out.append(contentsOf: s.utf8)
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = v
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            if count < width { out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - count)) }
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(d[i]) }
        }
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS(.fff)?(Z|±HH:MM)`; nil for anything else.
    public static func parse(_ s: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        if let d = f.date(from: s) { return d }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: s)
    }
}
