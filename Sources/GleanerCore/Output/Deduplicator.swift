import Foundation
import GleanerModel
import GleanerStore

/// Decides, for a batch of pages, which records are new revisions (pure: the store's current
/// states go in, decisions come out).
///
/// A new identity gets revision 1, a changed content hash the next revision, an unchanged hash
/// is dropped. Within the batch the same rules apply in order, so a record that appears twice
/// is emitted once, and one that changes twice gets two revisions. An emitted record keeps the
/// encoding its hash was computed from, so its line is written without encoding it again.
struct Deduplicator {
    struct Emitted {
        var encoded: EncodedRecord
        var record: Record { encoded.record }
        var hash: ContentHash
        var pageIndex: Int
    }

    private var current: [RecordKey: (revision: Int, hash: ContentHash)]
    private(set) var emitted: [Emitted] = []
    private(set) var unchanged: [(key: RecordKey, at: Date, pageIndex: Int)] = []

    init(current: [RecordKey: RecordState]) {
        self.current = current.mapValues { ($0.revision, $0.contentHash) }
    }

    mutating func add(_ record: Record, pageIndex: Int) {
        let key = record.key
        var encoded = EncodedRecord(record)
        let hash = ContentHash(of: encoded)
        let known = current[key]
        if let known, known.hash == hash {
            unchanged.append((key, record.fetchedAt, pageIndex))
            return
        }
        encoded.record.revision = (known?.revision ?? 0) + 1
        current[key] = (encoded.record.revision, hash)
        emitted.append(Emitted(encoded: encoded, hash: hash, pageIndex: pageIndex))
    }
}
