/// A size written as `"10MiB"`, `"512KiB"`, `"1GB"` or a plain integer number of bytes.
public struct ByteSize: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var bytes: Int

    public init(bytes: Int) { self.bytes = bytes }
    public static func mebibytes(_ n: Int) -> Self { Self(bytes: n << 20) }
    public static func < (a: Self, b: Self) -> Bool { a.bytes < b.bytes }

    public init?(parsing text: String) {
        let units: [(String, Int)] = [
            ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30),
            ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("B", 1),
        ]
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        // More digits than an Int holds saturate, so the range check reports them as too large.
        let value = Int(digits) ?? Int.max
        let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        if unit.isEmpty { bytes = value; return }
        guard let factor = units.first(where: { $0.0 == unit })?.1 else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: factor)
        bytes = overflow ? Int.max : product
    }

    public var description: String {
        if bytes < 0 { return "\(bytes)B" }
        for (unit, size) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where bytes >= size && bytes % size == 0 {
            return "\(bytes / size)\(unit)"
        }
        return "\(bytes)B"
    }
}

import Foundation
