import Foundation

extension Record {
    /// The record as one JSON Lines line, `\n` included.
    public func jsonLine() -> [UInt8] {
        let encoded = EncodedRecord(self)
        var line: [UInt8] = []
        line.reserveCapacity(encoded.contentBytes.count + 128)
        encoded.appendLine(to: &line)
        return line
    }

    public var jsonString: String { String(decoding: jsonLine().dropLast(), as: UTF8.self) }

    /// The bytes that identify this record's content for dedup: type, site, id and the body
    /// fields, but not `revision`, `url` or `fetched_at`, which change without the content changing.
    public func contentBytes() -> [UInt8] {
        EncodedRecord(self).contentBytes
    }
}
