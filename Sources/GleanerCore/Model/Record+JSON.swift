import Foundation

extension Record {
    /// The record as one JSON Lines line, `\n` included.
    public func jsonLine() -> [UInt8] {
        var o = JSONObjectWriter()
        o.field("type", type.rawValue)
        o.field("site", site)
        o.field("id", id)
        o.field("revision", revision)
        o.field("url", url)
        o.field("fetched_at", RFC3339.utcString(fetchedAt))
        body.writeFields(to: &o)
        var line = o.finish()
        line.append(0x0A)
        return line
    }

    public var jsonString: String { String(decoding: jsonLine().dropLast(), as: UTF8.self) }

    /// The bytes that identify this record's content for dedup: type, site, id and the body
    /// fields, but not `revision`, `url` or `fetched_at`, which change without the content changing.
    public func contentBytes() -> [UInt8] {
        var o = JSONObjectWriter()
        o.field("type", type.rawValue)
        o.field("site", site)
        o.field("id", id)
        body.writeFields(to: &o)
        return o.finish()
    }
}

/// RFC 3339 timestamps in UTC with second precision, e.g. `2025-07-02T03:00:00Z`.
public enum RFC3339 {
    public static func utcString(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var tm = tm()
        gmtime_r(&t, &tm)
        func pad(_ v: Int32, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        return "\(pad(tm.tm_year + 1900, 4))-\(pad(tm.tm_mon + 1, 2))-\(pad(tm.tm_mday, 2))T"
            + "\(pad(tm.tm_hour, 2)):\(pad(tm.tm_min, 2)):\(pad(tm.tm_sec, 2))Z"
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
