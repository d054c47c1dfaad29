/// Strict checks of the two text forms `datetime` and `date` fields hold.
extension RFC3339 {
    /// Why `s` is not `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)` with real calendar values, or nil.
    public static func problem(with s: String) -> String? {
        let b = Array(s.utf8)
        let form = "not an RFC 3339 date-time with an offset, e.g. 2025-03-22T10:07:10+09:00 (the date transform writes one)"
        guard b.count >= 20, b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let hour = number(b, 11, 2), let minute = number(b, 14, 2), let second = number(b, 17, 2)
        else { return form }
        if let why = problem(withDateBytes: Array(b[0..<10])) { return why }
        guard hour < 24, minute < 60, second < 60 else { return "time of day out of range" }
        var i = 19
        if b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") { i += 1 }
            if i == start { return form }
        }
        guard i < b.count else { return form }
        if b[i] == UInt8(ascii: "Z"), i + 1 == b.count { return nil }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), b.count == i + 6, b[i + 3] == UInt8(ascii: ":"),
              let oh = number(b, i + 1, 2), let om = number(b, i + 4, 2)
        else { return form }
        return oh < 24 && om < 60 ? nil : "offset out of range"
    }

    /// Why `s` is not `YYYY-MM-DD` naming a real day, or nil.
    public static func problem(withDate s: String) -> String? {
        problem(withDateBytes: Array(s.utf8))
    }

    private static func problem(withDateBytes b: [UInt8]) -> String? {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              let year = number(b, 0, 4), let month = number(b, 5, 2), let day = number(b, 8, 2)
        else { return "not a date of the form YYYY-MM-DD" }
        guard (1...12).contains(month) else { return "month \(month) does not exist" }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...days).contains(day) else { return "day \(day) does not exist in \(year)-\(month < 10 ? "0" : "")\(month)" }
        return nil
    }

    private static func number(_ b: [UInt8], _ at: Int, _ width: Int) -> Int? {
        guard at + width <= b.count else { return nil }
        var n = 0
        for i in at..<(at + width) {
            guard b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") else { return nil }
            n = n * 10 + Int(b[i] - UInt8(ascii: "0"))
        }
        return n
    }
}
