import Foundation
import GleanerStore

extension OutputPipeline {
    /// Seals every open file whose UTC period has ended. The daemon calls this on a timer so a
    /// quiet hour still gets its file sealed; `commit` calls it too.
    public func rotateIfDue(now: Date) throws {
        lock.lock()
        defer { lock.unlock() }
        if needsRecovery { try recoverLocked() }
        do { try rotateLocked(now: now) } catch {
            needsRecovery = true  // a half-done seal is finished by recovery
            throw error
        }
    }

    public func rotateIfDue(now: Date) async throws {
        try await onQueue { try self.rotateIfDue(now: now) }
    }

    /// Seals every open file (shutdown): after this, every record is in a `.jsonl` with a manifest.
    public func sealAll() throws {
        lock.lock()
        defer { lock.unlock() }
        if needsRecovery { try recoverLocked() }
        let now = clock()
        do { for stream in open.keys.sorted() { try seal(stream, now: now) } } catch {
            needsRecovery = true
            throw error
        }
    }

    public func sealAll() async throws {
        try await onQueue { try self.sealAll() }
    }

    /// Forgets URLs and record identities not seen since `cutoff` (see `StateStore.prune`). Runs
    /// under the pipeline's lock, so it never races a commit's dedup: prefer it to pruning the
    /// store directly while the pipeline runs.
    @discardableResult
    public func prune(olderThan cutoff: Date) throws -> PruneSummary {
        lock.lock()
        defer { lock.unlock() }
        return try store.prune(olderThan: cutoff)
    }

    @discardableResult
    public func prune(olderThan cutoff: Date) async throws -> PruneSummary {
        try await onQueue { try self.prune(olderThan: cutoff) }
    }

    func rotateLocked(now: Date) throws {
        for (stream, s) in open.sorted(by: { $0.key < $1.key }) where s.state.periodEnd <= now {
            try seal(stream, now: now)
        }
    }

    /// The open file for `stream`, rotating by size or period, creating one if needed.
    func streamFile(_ stream: String, adding bytes: Int64, now: Date) throws -> OpenStream {
        if let s = open[stream] {
            let full = s.state.committedOffset > 0 && s.state.committedOffset + bytes > settings.maxFileBytes
            if !full && s.state.periodEnd > now { return s }
            try seal(stream, now: now)
        }
        let period = OutputPeriod(containing: now, rotation: settings.rotation)
        var sequence = try store.maxSequence(stream: stream, period: period.name) + 1
        var relative = OutputPeriod.relativePath(stream: stream, period: period.name, sequence: sequence)
        // Never clobber a file the database does not know (e.g. a database that was reset).
        while Durable.exists(absolute(relative)) || Durable.exists(absolute(relative) + ".open")
            || Durable.exists(absolute(relative) + ".gz") {
            sequence += 1
            relative = OutputPeriod.relativePath(stream: stream, period: period.name, sequence: sequence)
        }
        let dir = absolute(stream)
        if !Durable.exists(dir) {
            do { try FileModes.createDirectory(dir) } catch let e as StoreError {
                throw StoreError(output: .open, path: dir, detail: e.detail)
            }
            try Durable.syncDirectory(directory)
        }
        let file = try OutputFile(appendingTo: absolute(relative) + ".open")
        try Durable.syncDirectory(dir)
        let state = OutputFileState(
            path: relative, stream: stream, period: period.name, periodEnd: period.end, sequence: sequence, state: .open,
            committedOffset: 0, recordCount: 0, firstFetchedAt: nil, lastFetchedAt: nil, createdAt: now, sealedAt: nil)
        let s = OpenStream(state: state, file: file)
        open[stream] = s
        logger.debug("output file opened", metadata: ["output.path": "\(relative).open"])
        return s
    }

    /// fsync → rename `.open` away (or gzip it, see `publishCompressed`) → fsync the directory →
    /// manifest → mark sealed in the store.
    /// Each step is redone by recovery if a crash interrupts the sequence.
    func seal(_ stream: String, now: Date) throws {
        guard let s = open.removeValue(forKey: stream) else { return }
        if s.state.committedOffset == 0 {
            // Opened but nothing committed (cannot happen through commit): nothing to publish.
            unlink(s.file.path)
            return
        }
        try s.file.truncate(to: s.state.committedOffset)
        try s.file.sync()
        try finishSeal(s.state, now: now)
    }

    /// The steps after the data is final: publish (rename, or gzip, if not yet done), manifest,
    /// store row. A `.gz` already in place was published complete (it is renamed only after its
    /// fsync), so it wins whatever the setting says now.
    func finishSeal(_ state: OutputFileState, now: Date) throws {
        let sealed = absolute(state.path)
        let openPath = sealed + ".open"
        let published: String
        if settings.compressSealed || Durable.exists(sealed + ".gz") {
            published = try publishCompressed(sealed)
        } else {
            if Durable.exists(openPath) {
                try Durable.renameFile(openPath, to: sealed)
                try Durable.syncDirectory((sealed as NSString).deletingLastPathComponent)
                hooks.afterSealRename?(sealed)
            }
            published = sealed
        }
        let manifest = try Manifest.write(forSealedFile: published, stream: state.stream, firstFetchedAt: state.firstFetchedAt,
                                          lastFetchedAt: state.lastFetchedAt, sealedAt: now)
        if manifest.records != state.recordCount || manifest.bytes != state.committedOffset {
            logger.error("sealed file differs from its committed state", metadata: [
                "output.path": "\(state.path)", "output.records": "\(manifest.records)",
                "output.committed_records": "\(state.recordCount)", "output.bytes": "\(manifest.bytes)",
                "output.committed_bytes": "\(state.committedOffset)",
            ])
        }
        try store.markSealed(path: state.path, at: now)
        logger.info("output file sealed", metadata: [
            "output.path": "\(state.path)", "output.records": "\(manifest.records)", "output.bytes": "\(manifest.bytes)",
        ])
    }
}
