import Foundation

/// A span of time written the way operators write it: `"90s"`, `"10m"`, `"1h30m"`, `"1d"`, `"250ms"`.
///
/// Units are `ms`, `s`, `m`, `h`, `d`; parts add up (`"1h30m"` is 5400 s). A bare number is
/// rejected so that `every = "10"` cannot silently mean seconds when minutes were meant.
public struct ConfigDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var seconds: TimeInterval

    public init(seconds: TimeInterval) { self.seconds = seconds }

    public static func seconds(_ s: TimeInterval) -> Self { Self(seconds: s) }
    public static func minutes(_ m: Double) -> Self { Self(seconds: m * 60) }
    public static func hours(_ h: Double) -> Self { Self(seconds: h * 3600) }
    public static func days(_ d: Double) -> Self { Self(seconds: d * 86_400) }
    public static let zero = Self(seconds: 0)

    public static func < (a: Self, b: Self) -> Bool { a.seconds < b.seconds }

    /// Parses `"1h30m"`-style text; nil when it is not a duration.
    public init?(parsing text: String) {
        let units: [(String, Double)] = [("ms", 0.001), ("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)]
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !digits.isEmpty, let value = Double(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let (unit, factor) = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            rest = rest.dropFirst(unit.count)
            total += value * factor
        }
        // Digits beyond a Double's range make infinity; the range check at load reports them.
        seconds = total.isFinite ? total : .infinity
    }

    /// The shortest text that parses back to the same value (`5400` s → `"1h30m"`).
    public var description: String {
        if seconds == 0 { return "0s" }
        // Only values a configuration can hold (at most years) are spelled in units.
        guard seconds.isFinite, seconds > 0, seconds < 1e15 else { return "\(seconds)s" }
        var ms = Int((seconds * 1000).rounded())
        var text = ""
        for (unit, size) in [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)] where ms >= size {
            text += "\(ms / size)\(unit)"
            ms %= size
        }
        return text
    }

    /// Saturates: a value beyond ~292 million years (or not a number) cannot trap.
    public var duration: Duration {
        let ms = (seconds * 1000).rounded()
        guard ms.isFinite, ms < 9e15 else { return ms < 0 ? .zero : .milliseconds(Int64(9e15)) }
        return .milliseconds(Int64(max(ms, 0)))
    }
}
