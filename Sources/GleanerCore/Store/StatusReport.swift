import Foundation
import GRDB
import GleanerModel

/// What `gleaner status` shows, read in one read transaction (a consistent snapshot even while
/// the daemon commits).
public struct StatusReport: Sendable {
    public struct Files: Sendable {
        public var stream: String
        public var open: Int
        public var sealed: Int
        public var records: Int
        public var bytes: Int64
    }

    public var databasePath: String
    public var databaseBytes: Int64
    public var outputDirectory: String?
    public var sources: [SourceState]
    public var urls: Int
    /// Record identities known per type, and the revisions emitted in total per type.
    public var identities: [RecordType: Int]
    /// The types with records or counts in this store, in name order (the types themselves are
    /// declared by the parsers, which status does not load).
    public var recordTypes: [RecordType] {
        Set(identities.keys).union(revisions.keys).union(sources.flatMap(\.emitted.keys)).sorted()
    }
    public var revisions: [RecordType: Int]
    public var files: [Files]
    public var openFiles: [OutputFileState]
    public var lastCommitAt: Date?
    /// What is actually in the output directory (nil when it was not scanned).
    public var onDisk: DiskSummary?
    /// Files the database still calls open but whose seal got as far as the rename on disk (a
    /// seal interrupted by a full disk or a crash): published, their manifest and state finished
    /// at the next start (`reconcile(withDirectory:)` moves them here from `openFiles`).
    public var sealedOnDisk: [OutputFileState] = []
    /// The database's store id and output generation, and what the output directory's
    /// `.gleaner-state` says (`readMarker(in:)`): a start refuses a marker naming another store.
    public var storeID: String?
    public var generation = 1
    public var marker: Marker?
    /// Sources that do not run because their parser did not load (`StateStore.disabledSources()`).
    public var disabledSources: [DisabledSource] = []

    public struct Marker: Sendable, Hashable {
        public var storeID: String
        public var generation: Int
    }

    /// Reads `<directory>/.gleaner-state` (nil when absent or unreadable).
    public mutating func readMarker(in directory: String) {
        guard let data = FileManager.default.contents(atPath: directory + "/.gleaner-state"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let id = object["store_id"] as? String else { marker = nil; return }
        marker = Marker(storeID: id, generation: object["generation"] as? Int ?? 1)
    }

    /// Corrects what the database says with what the disk shows: an "open" file whose `.open`
    /// is gone and whose sealed file (`.jsonl` or `.jsonl.gz`) exists is sealed, not open.
    public mutating func reconcile(withDirectory directory: String) {
        func exists(_ p: String) -> Bool { var st = stat(); return lstat(p, &st) == 0 }
        for f in openFiles {
            let sealed = directory + "/" + f.path
            guard !exists(sealed + ".open"), exists(sealed) || exists(sealed + ".gz") else { continue }
            sealedOnDisk.append(f)
            if let i = files.firstIndex(where: { $0.stream == f.stream }) {
                files[i].open -= 1
                files[i].sealed += 1
            }
        }
        let moved = Set(sealedOnDisk.map(\.path))
        openFiles.removeAll { moved.contains($0.path) }
    }

    public struct DiskSummary: Sendable {
        public var sealed = 0
        public var open = 0
        public var bytes: Int64 = 0

        /// Counts sealed (`*.jsonl`, `*.jsonl.gz`) and `*.jsonl.open` files in the type directories
        /// under `directory`; `bytes` is their size on disk.
        public static func scan(_ directory: String) -> DiskSummary? {
            let fm = FileManager.default
            guard let streams = try? fm.contentsOfDirectory(atPath: directory) else { return nil }
            var d = DiskSummary()
            for stream in streams {
                for name in (try? fm.contentsOfDirectory(atPath: directory + "/" + stream)) ?? [] {
                    let sealed = name.hasSuffix(".jsonl") || name.hasSuffix(".jsonl.gz"), open = name.hasSuffix(".jsonl.open")
                    guard sealed || open else { continue }
                    if sealed { d.sealed += 1 } else { d.open += 1 }
                    let attrs = try? fm.attributesOfItem(atPath: directory + "/" + stream + "/" + name)
                    d.bytes += (attrs?[.size] as? Int64) ?? 0
                }
            }
            return d
        }
    }
}

extension StateStore {
    public func statusReport() throws -> StatusReport {
        try read { db in
            var identities: [RecordType: Int] = [:]
            var revisions: [RecordType: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT type, count(*), sum(revision) FROM records GROUP BY type") {
                let t = RecordType(rawValue: row[0])
                identities[t] = row[1]
                revisions[t] = row[2]
            }
            let files = try Row.fetchAll(db, sql: """
                SELECT stream, sum(state = 'open'), sum(state = 'sealed'), sum(record_count), sum(committed_offset)
                FROM output_files GROUP BY stream ORDER BY stream
                """).map { StatusReport.Files(stream: $0[0], open: $0[1], sealed: $0[2], records: $0[3], bytes: $0[4]) }
            let openFiles = try Row.fetchAll(db, sql: "SELECT * FROM output_files WHERE state = 'open' ORDER BY path")
                .map(Self.outputFile(from:))
            let lastFetch = try Double.fetchOne(db, sql: "SELECT max(fetched_at) FROM urls")
            return StatusReport(
                databasePath: path, databaseBytes: sizeOnDisk,
                outputDirectory: try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'output_directory'"),
                sources: try Self.fetchSources(db, name: nil),
                urls: try Int.fetchOne(db, sql: "SELECT count(*) FROM urls") ?? 0,
                identities: identities, revisions: revisions, files: files, openFiles: openFiles,
                lastCommitAt: lastFetch.map(Date.init(unixSeconds:)), onDisk: nil,
                storeID: try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [Self.storeIDKey]),
                generation: try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [Self.generationKey])
                    .flatMap(Int.init) ?? 1)
        }
    }
}
