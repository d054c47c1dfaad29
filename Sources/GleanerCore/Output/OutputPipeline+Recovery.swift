import Foundation
import GleanerStore

extension OutputPipeline {
    /// Brings the files back to what the store committed: every `.open` file is truncated to its
    /// committed offset (bytes of a batch that never committed are cut and logged; its pages are
    /// fetched again), a `.open` file the store does not know is removed, a half-finished seal is
    /// finished (an interrupted gzip is redone from the plain file), and an open file whose period
    /// is over is sealed. Idempotent; call it on start.
    public func recover() throws {
        lock.lock()
        defer { lock.unlock() }
        try recoverLocked()
    }

    public func recover() async throws {
        try await onQueue { try self.recover() }
    }

    func recoverLocked() throws {
        open.removeAll()
        let now = clock()
        let rows = try store.outputFiles(state: .open)
        let known = Set(rows.map(\.path))
        try removeStrays(known: known)

        // The newest open row of each stream stays open; older ones (should not exist) are sealed.
        let newest = Dictionary(grouping: rows, by: \.stream).compactMapValues { $0.max { $0.createdAt < $1.createdAt } }
        for row in rows {
            let sealed = absolute(row.path)
            let openPath = sealed + ".open"
            guard let size = Durable.fileSize(openPath) else {
                if let sealedSize = Durable.fileSize(sealed) {
                    // Crashed between the rename and the store update: finish the seal. (With
                    // synchronous=NORMAL a power loss can drop the last commits, so cut here too.)
                    if sealedSize > row.committedOffset {
                        logger.warning("uncommitted output cut", metadata: [
                            "output.path": "\(row.path)", "output.bytes_cut": "\(sealedSize - row.committedOffset)",
                        ])
                        try Durable.truncateFile(sealed, to: row.committedOffset)
                    }
                    try finishSeal(row, now: now)
                } else if Durable.exists(sealed + ".gz") {
                    // Crashed after the gzip was in place and its source removed: finish the seal.
                    try finishSeal(row, now: now)
                } else {
                    logger.error("committed output file is missing", metadata: ["output.path": "\(row.path)"])
                    try store.markSealed(path: row.path, at: now)
                }
                continue
            }
            if size > row.committedOffset {
                logger.warning("uncommitted output cut", metadata: [
                    "output.path": "\(row.path).open", "output.bytes_cut": "\(size - row.committedOffset)",
                    "output.committed_offset": "\(row.committedOffset)",
                ])
                try Durable.truncateFile(openPath, to: row.committedOffset)
            } else if size < row.committedOffset {
                // fsync precedes every commit, so only outside interference gets here.
                logger.error("output file shorter than committed", metadata: [
                    "output.path": "\(row.path).open", "output.size": "\(size)",
                    "output.committed_offset": "\(row.committedOffset)",
                ])
            }
            let file = try OutputFile(appendingTo: openPath)
            try file.sync()
            // A `.gz` beside the `.open` means compression had published the file: finish that seal.
            if row.periodEnd <= now || newest[row.stream]?.path != row.path || Durable.exists(sealed + ".gz") {
                try finishSeal(row, now: now)
            } else {
                open[row.stream] = OpenStream(state: row, file: file)
            }
        }
        needsRecovery = false
    }

    /// `.open` files without a row (created by a batch that never committed), manifest temp files
    /// and interrupted compressions (`.jsonl.gz.tmp`: redone from the plain file that still exists).
    private func removeStrays(known: Set<String>) throws {
        guard let streams = try Durable.entries(of: directory) else { return }
        for stream in streams.sorted() {
            let dir = absolute(stream)
            guard let names = try Durable.entries(of: dir) else { continue }  // a file, not a type directory
            var removed = false
            for name in names.sorted() {
                let relative = "\(stream)/\(name)"
                if name.hasSuffix(".jsonl.open"), !known.contains(String(relative.dropLast(".open".count))) {
                    logger.warning("uncommitted output file removed", metadata: [
                        "output.path": "\(relative)", "output.bytes_cut": "\(Durable.fileSize(dir + "/" + name) ?? 0)",
                    ])
                    try Durable.removeFile(dir + "/" + name)
                    removed = true
                } else if name.hasSuffix(".manifest.json.tmp") || name.hasSuffix(".jsonl.gz.tmp") {
                    try Durable.removeFile(dir + "/" + name)
                    removed = true
                }
            }
            if removed { try Durable.syncDirectory(dir) }
        }
    }
}
