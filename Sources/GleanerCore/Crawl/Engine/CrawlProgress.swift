import GleanerModel

/// A live view of a run, for the terminal progress line of `gleaner once`.
public struct CrawlProgress: Sendable {
    public var source: String
    /// The types the source emits, in the order the line shows them.
    public var types: [RecordType]
    /// Pages fetched (2xx or 304), as the run's summary counts them.
    public var done: Int
    public var queued: Int
    public var emitted: [RecordType: Int]
    /// Pages that failed (the summary's "failed").
    public var failed: Int
    public var elapsed: Double

    public var line: String {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let records = types.map { "\($0) \(emitted[$0, default: 0])" }.joined(separator: " ")
        return "\(source): \(done) pages done, \(queued) queued | \(records) | \(failed) errors | \(String(format: "%.1f", rate)) pages/s"
    }
}
