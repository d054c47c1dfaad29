import Foundation
import GleanerModel
import GleanerStore

extension OutputPipeline {
    /// `<output_dir>/.gleaner-state`.
    public var markerPath: String { absolute(OutputMarker.fileName) }

    /// Checks that the state database and the output directory belong together (`StatePairing`),
    /// writing the marker on first use. Call before `recover()`, which would otherwise cut or
    /// remove files the database never wrote. With `newGeneration` a mismatch is accepted on
    /// purpose: the old generation's open files are sealed as they are and the marker names
    /// this database from now on. Throws `StoreError(kind: .pairing)` with both paths and the
    /// ways forward.
    public func pair(newGeneration: Bool = false) throws {
        lock.lock()
        defer { lock.unlock() }
        guard let storeID = store.storeID else {
            throw StoreError(kind: .pairing, path: store.path, detail: "state database \(store.path) has no store id (opened read-only)")
        }
        let marker: OutputMarker?
        do { marker = try readMarker() } catch where newGeneration {
            marker = OutputMarker(storeID: "", generation: 0, stateDatabase: "(unreadable marker)", pairedAt: "")
        }
        let facts = StatePairing.Facts(
            storeID: storeID, storeIDAssigned: store.storeIDAssigned, storeIsEmpty: try store.isEmpty(), marker: marker,
            outputFiles: try outputFileNames().count, newGeneration: newGeneration)
        switch StatePairing.decide(facts) {
        case .paired:
            if newGeneration {
                logger.notice("state and output already belong together; no new generation started", metadata: [
                    "state.path": "\(store.path)", "output.directory": "\(directory)",
                ])
            }
        case .writeMarker:
            try writeMarker(storeID: storeID, generation: try store.generation())
        case .newGeneration:
            let generation = max(marker?.generation ?? 1, try store.generation()) + 1
            let salvaged = try sealOrphans()
            try store.setGeneration(generation)
            try writeMarker(storeID: storeID, generation: generation)
            logger.warning("new output generation: records already in the output will be written again as revision 1", metadata: [
                "output.directory": "\(directory)", "output.generation": "\(generation)", "state.path": "\(store.path)",
                "output.previous_store": "\(marker?.storeID ?? "none")", "output.sealed_orphans": "\(salvaged)",
            ])
        case .refuse(let reason):
            throw StoreError(kind: .pairing, path: store.path, detail: refusal(reason, facts))
        }
    }

    /// The marker, nil when there is none; a marker that cannot be read is an error naming it.
    public func readMarker() throws -> OutputMarker? {
        guard Durable.exists(markerPath) else { return nil }
        var bytes: [UInt8] = []
        do {
            try Durable.forEachChunk(of: markerPath) { bytes.append(contentsOf: $0) }
            return try JSONDecoder().decode(OutputMarker.self, from: Data(bytes))
        } catch {
            throw StoreError(kind: .pairing, path: markerPath, detail: "cannot read \(markerPath) (which state database writes "
                + "\(directory)): \(error). Restore it from a backup, or start a new output generation with "
                + "`gleaner once --new-generation` (docs/operations.md, \"Lost or damaged state\")")
        }
    }

    private func writeMarker(storeID: String, generation: Int) throws {
        let marker = OutputMarker(storeID: storeID, generation: generation,
                                  stateDatabase: URL(fileURLWithPath: store.path).standardizedFileURL.path,
                                  pairedAt: RFC3339.utcString(clock()))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do { data = try encoder.encode(marker) } catch {
            throw StoreError(output: .manifest, path: markerPath, detail: "\(error)")
        }
        try Durable.writeAtomically(Array(data) + [0x0A], to: markerPath)
    }

    /// Output files in the type directories (relative paths): sealed, gzipped and open ones.
    func outputFileNames() throws -> [String] {
        var found: [String] = []
        for stream in (try Durable.entries(of: directory) ?? []).sorted() where !stream.hasPrefix(".") {
            for name in (try Durable.entries(of: absolute(stream)) ?? []).sorted()
            where name.hasSuffix(".jsonl") || name.hasSuffix(".jsonl.gz") || name.hasSuffix(".jsonl.open") {
                found.append("\(stream)/\(name)")
            }
        }
        return found
    }

    /// The old generation's `.open` files, which no database accounts for any more: each is cut
    /// after its last complete line, renamed to its sealed name and given a manifest, so nothing
    /// it holds is lost (recovery would remove them as uncommitted). Returns how many.
    private func sealOrphans() throws -> Int {
        let known = Set(try store.outputFiles(state: .open).map(\.path))
        var sealed = 0
        for relative in try outputFileNames() where relative.hasSuffix(".jsonl.open") {
            let target = String(relative.dropLast(".open".count))
            guard !known.contains(target) else { continue }
            let openPath = absolute(relative), sealedPath = absolute(target)
            if Durable.exists(sealedPath) {
                throw StoreError(output: .rename, path: openPath, detail: "cannot seal the previous generation's file: \(sealedPath) exists")
            }
            var complete: Int64 = 0, offset: Int64 = 0
            try Durable.forEachChunk(of: openPath) { chunk in
                if let last = chunk.lastIndex(of: 0x0A) { complete = offset + Int64(last) + 1 }
                offset += Int64(chunk.count)
            }
            if complete < offset {
                logger.warning("torn last line of the previous generation cut", metadata: [
                    "output.path": "\(relative)", "output.bytes_cut": "\(offset - complete)",
                ])
                try Durable.truncateFile(openPath, to: complete)
            }
            try OutputFile(appendingTo: openPath).sync()
            try Durable.renameFile(openPath, to: sealedPath)
            try Durable.syncDirectory((sealedPath as NSString).deletingLastPathComponent)
            _ = try Manifest.write(forSealedFile: sealedPath, stream: String(relative.prefix { $0 != "/" }),
                                   firstFetchedAt: nil, lastFetchedAt: nil, sealedAt: clock())
            sealed += 1
        }
        return sealed
    }

    private func refusal(_ reason: StatePairing.Refusal, _ f: StatePairing.Facts) -> String {
        let db = store.path, out = directory
        let ways = "start a new output generation with `gleaner once --new-generation` (docs/operations.md, \"Lost or damaged state\")"
        let writer = f.marker.map { "state store \($0.storeID) (\($0.stateDatabase), generation \($0.generation))" }
        switch reason {
        case .stateIsNew:
            return "state database \(db) is new or empty, but output directory \(out) holds \(f.outputFiles) output files"
                + (writer.map { " written through \($0)" } ?? " from earlier runs")
                + ": without the state that wrote them every record would be written again as revision 1. "
                + "Stop, and restore \(db) from a backup of that state, or accept the repeats and " + ways
        case .otherStore:
            return "output directory \(out) belongs to \(writer ?? "another state database"), not to state database \(db) "
                + "(store \(f.storeID)). Point state_dir back at the database that wrote it, give this database its own "
                + "output_dir, or " + ways
        case .unmarkedOutput:
            return "output directory \(out) holds \(f.outputFiles) output files but no \(OutputMarker.fileName) naming state "
                + "database \(db) (store \(f.storeID)): the marker was removed, or this is another installation's output. "
                + "Restore the marker from a backup, point output_dir at this database's own output, or " + ways
        }
    }
}
