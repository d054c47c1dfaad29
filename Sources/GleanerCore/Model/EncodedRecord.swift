/// A record's JSON, encoded once for both of its uses: the content bytes that dedup hashes and
/// the output line.
///
/// Both hold the identity (`type`, `site`, `id`) and the body's fields; the line adds the
/// envelope fields `revision`, `url` and `fetched_at` right after the identity. So the body,
/// nearly all of the bytes, is escaped once, and the content bytes are kept as they are, ready
/// to hash.
public struct EncodedRecord: Sendable {
    /// The record. Its `revision`, `url` and `fetchedAt` are read when the line is written, so
    /// they may change after encoding (dedup sets the revision).
    public var record: Record
    /// `{"type":…,"site":…,"id":…,<body fields>}`, exactly `Record.contentBytes()`.
    public let contentBytes: [UInt8]
    /// Where the identity ends in `contentBytes`: a line puts the envelope fields there.
    private let identityEnd: Int

    public init(_ record: Record) {
        var o = JSONObjectWriter(capacity: record.encodedSizeHint)
        o.field("type", record.type.rawValue)
        o.field("site", record.site)
        o.field("id", record.id)
        identityEnd = o.bytes.count
        record.writeFields(to: &o)
        contentBytes = o.finish()
        self.record = record
    }

    /// About the size of the line: the content plus the envelope (`revision`, `url`, `fetched_at`).
    public var lineSizeHint: Int { contentBytes.count + record.url.utf8.count + 64 }

    /// Appends the record's JSON line, `\n` included (the bytes of `Record.jsonLine()`).
    public func appendLine(to out: inout [UInt8]) {
        out.append(contentsOf: contentBytes[..<identityEnd])
        JSONObjectWriter.continueObject(in: &out) { o in
            o.field("revision", record.revision)
            o.field("url", record.url)
            o.field("fetched_at", utc: record.fetchedAt)
        }
        out.append(contentsOf: contentBytes[identityEnd...])
        out.append(0x0A)
    }
}
