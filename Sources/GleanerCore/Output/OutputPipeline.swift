import Foundation
import GleanerModel
import GleanerStore
import Logging

/// The exactly-once output stage: dedup against the store, append JSON lines to the open file of
/// each type, fsync, then ONE SQLite transaction with the new revisions, URL states and every
/// touched file's committed offset. `recover()` on start truncates every `.open` file back to its
/// committed offset, so a crash at any point leaves no torn line, no duplicate and no lost record.
///
/// All methods are serialised by a lock and block on disk IO; the `async` variants run them on
/// the pipeline's own serial queue, off the cooperative pool. One pipeline per output directory
/// and database (it is the only writer of record revisions).
public final class OutputPipeline: @unchecked Sendable {
    public let store: StateStore
    public let directory: String
    public let settings: OutputSettings
    let clock: @Sendable () -> Date
    let logger: Logger
    let hooks: CommitHooks

    let lock = NSLock()
    let executor = BlockingExecutor(label: "gleaner.output")
    /// The open file of each stream, with its committed state (guarded by `lock`).
    var open: [String: OpenStream] = [:]
    /// Set when a commit failed half-way: the next call recovers first.
    var needsRecovery = true

    final class OpenStream {
        var state: OutputFileState
        let file: OutputFile
        init(state: OutputFileState, file: OutputFile) {
            self.state = state
            self.file = file
        }
    }

    public init(store: StateStore, outputDirectory: String, settings: OutputSettings = OutputSettings(),
                clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger, hooks: CommitHooks = CommitHooks()) throws {
        self.store = store
        self.directory = (outputDirectory as NSString).standardizingPath
        self.settings = settings
        self.clock = clock
        self.logger = logger
        self.hooks = hooks
        do {
            try FileModes.createDirectory(directory)
        } catch let e as StoreError {
            throw StoreError(output: .open, path: directory, detail: "cannot create output directory: \(e.detail)")
        }
        // So `gleaner status` finds the files from the database alone.
        try store.setMeta("output_directory", URL(fileURLWithPath: directory).path)
    }

    func absolute(_ relative: String) -> String { directory + "/" + relative }

    // MARK: - Commit

    /// Commits a batch of pages. On return the emitted records are durable in the files and
    /// accounted for in the store; on a throw nothing of the batch counts (fetch it again).
    @discardableResult
    public func commit(_ pages: [PageResult]) throws -> CommitSummary {
        lock.lock()
        defer { lock.unlock() }
        if needsRecovery { try recoverLocked() }
        do {
            return try commitLocked(pages)
        } catch {
            // Files may hold bytes the store never saw: drop handles, truncate on the next call.
            open.removeAll()
            needsRecovery = true
            throw error
        }
    }

    @discardableResult
    public func commit(_ pages: [PageResult]) async throws -> CommitSummary {
        try await onQueue { try self.commit(pages) }
    }

    private func commitLocked(_ pages: [PageResult]) throws -> CommitSummary {
        let now = clock()
        try rotateLocked(now: now)

        var keys = Set<RecordKey>()
        for page in pages { for r in page.records { keys.insert(r.key) } }
        var dedup = Deduplicator(current: try store.recordStates(keys))
        for (i, page) in pages.enumerated() { for r in page.records { dedup.add(r, pageIndex: i) } }

        var summary = CommitSummary()
        summary.pages = pages.count
        summary.unchanged = dedup.unchanged.count
        var commit = StoreCommit()
        // Each stream's buffer is sized once for all its lines (growing it copied the batch
        // over and over, into freshly faulted pages).
        var lineBytes: [RecordType: Int] = [:]
        for e in dedup.emitted { lineBytes[e.record.type, default: 0] += e.encoded.lineSizeHint }
        var appends: [String: PendingAppend] = [:]
        /// The stream's pending append, counting one more line fetched at `fetchedAt`.
        func pending(_ stream: String, fetchedAt: Date, capacity: Int = 0) -> PendingAppend {
            if let a = appends[stream] {
                a.note(fetchedAt: fetchedAt)
                return a
            }
            let a = PendingAppend()
            a.bytes.reserveCapacity(capacity)
            appends[stream] = a
            a.note(fetchedAt: fetchedAt)
            return a
        }
        func count(_ page: PageResult, _ type: String, emitted: Int = 0, unchanged: Int = 0, rejected: Int = 0) {
            guard let source = page.source else { return }
            let k = StoreCommit.SourceCount(source: source, type: type)
            let c = commit.counts[k] ?? (0, 0, 0)
            commit.counts[k] = (c.emitted + emitted, c.unchanged + unchanged, c.rejected + rejected)
        }
        for e in dedup.emitted {
            let a = pending(e.record.type.rawValue, fetchedAt: e.record.fetchedAt, capacity: lineBytes[e.record.type] ?? 0)
            e.encoded.appendLine(to: &a.bytes)
            summary.emitted[e.record.type, default: 0] += 1
            commit.revisions.append(.init(key: e.record.key, revision: e.record.revision, hash: e.hash, seen: e.record.fetchedAt))
            count(pages[e.pageIndex], e.record.type.rawValue, emitted: 1)
        }
        for u in dedup.unchanged {
            commit.seen.append((u.key, u.at))
            count(pages[u.pageIndex], u.key.type.rawValue, unchanged: 1)
        }
        for page in pages {
            for reject in page.rejects {
                pending(Self.rejectsStream, fetchedAt: reject.fetchedAt).bytes.append(contentsOf: reject.jsonLine())
                count(page, reject.type.rawValue, rejected: 1)
            }
            summary.rejected += page.rejects.count
            commit.fetches.append(.init(url: page.url, source: page.source, fetchedAt: page.fetchedAt, status: page.status,
                                        etag: page.etag, lastModified: page.lastModified, contentHash: page.contentHash))
        }

        // Append → fsync → one transaction.
        var touched: [OpenStream] = []
        for (stream, b) in appends.sorted(by: { $0.key < $1.key }) {
            let s = try streamFile(stream, adding: Int64(b.bytes.count), now: now)
            hooks.beforeAppend?(s.file.path, b.bytes)
            try s.file.append(b.bytes)
            s.state.committedOffset += Int64(b.bytes.count)
            s.state.recordCount += b.count
            s.state.firstFetchedAt = min(s.state.firstFetchedAt ?? b.first!, b.first!)
            s.state.lastFetchedAt = max(s.state.lastFetchedAt ?? b.last!, b.last!)
            summary.bytes += b.bytes.count
            touched.append(s)
        }
        hooks.afterAppend?()
        for s in touched { try s.file.sync() }
        hooks.afterSync?()
        commit.files = touched.map(\.state)
        try store.apply(commit)
        return summary
    }

    static let rejectsStream = "rejects"

    /// What one batch appends to one stream. A class, so appending a line mutates the buffer in
    /// place (a tuple in a dictionary was copied whole for every line).
    final class PendingAppend {
        var bytes: [UInt8] = []
        var count = 0
        var first: Date?
        var last: Date?

        func note(fetchedAt: Date) {
            count += 1
            first = min(first ?? fetchedAt, fetchedAt)
            last = max(last ?? fetchedAt, fetchedAt)
        }
    }

    func onQueue<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await executor.run(body)
    }
}
