import Foundation
import GleanerModel
import GleanerOutput
import GleanerStore
import Logging
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The state database and the output directory know each other (`out/.gleaner-state` holds the
/// database's store id): losing, zeroing or swapping the database stops the start with a message
/// instead of writing every record again as revision 1.
@Suite struct StatePairingTests {
    static let url1 = "http://www.tvseoul.kr/news/article.html?no=1"

    /// A first life: paired, one article committed (left open, as after a crash or a kill).
    func firstLife(_ w: Workspace) throws {
        let p = try w.pipeline(try w.store())
        try p.pair()
        try p.commit([page(Self.url1, records: [article(1, title: "a")])])
    }

    func removeDatabase(_ w: Workspace) {
        for suffix in ["", "-wal", "-shm"] { unlink(w.dbPath + suffix) }
    }

    @Test func aDeletedDatabaseStopsTheStartNamingBothPaths() throws {
        let w = try Workspace()
        try firstLife(w)
        removeDatabase(w)
        let store = try w.store()
        let error = try #require(throws: StoreError.self) { try w.pipelineUnrecovered(store).pair() }
        #expect(error.kind == .pairing)
        let text = "\(error)"
        #expect(text.contains(w.dbPath) && text.contains(w.outPath), "\(text)")
        #expect(text.contains("new or empty") && text.contains("gleaner once --new-generation"), "\(text)")
        // Still refused on the next start (the database created by the refused one is empty).
        #expect(throws: StoreError.self) { try w.pipelineUnrecovered(try w.store()).pair() }
        // Nothing was cut or removed: the committed article is still there.
        #expect(try w.records(.article).map(\.id) == ["1"])
        // And `gleaner status` says so.
        var report = try StateStore.openReadOnly(path: w.dbPath).statusReport()
        report.readMarker(in: w.outPath)
        #expect(report.text(now: at0).contains("pairing   MISMATCH: this database is store \(store.storeID!)"), "\(report.text(now: at0))")
    }

    @Test func statusShowsAMatchingPair() throws {
        let w = try Workspace()
        try firstLife(w)
        var report = try StateStore.openReadOnly(path: w.dbPath).statusReport()
        report.readMarker(in: w.outPath)
        let id = try #require(try w.store().storeID)
        #expect(report.text(now: at0).contains("pairing   store \(id), generation 1; the output's .gleaner-state matches"))
        #expect(report.json().contains("\"paired\" : true"), "\(report.json())")
    }

    @Test func aZeroedDatabaseIsRefusedToo() throws {
        let w = try Workspace()
        try firstLife(w)
        unlink(w.dbPath + "-wal")
        unlink(w.dbPath + "-shm")
        #expect(truncate(w.dbPath, 0) == 0)
        #expect(throws: StoreError.self) { try w.pipelineUnrecovered(try w.store()).pair() }
    }

    @Test func anotherDatabasesOutputIsRefused() throws {
        let w = try Workspace()
        try firstLife(w)
        let other = try Workspace()
        let otherStore = try other.store()
        let p = try other.pipeline(otherStore)
        try p.commit([page(Self.url1, records: [article(9, title: "z")])])  // a database with its own history
        let error = try #require(throws: StoreError.self) {
            try OutputPipeline(store: otherStore, outputDirectory: w.outPath, logger: Logger(label: "t")).pair()
        }
        #expect("\(error)".contains("belongs to state store \(try w.store().storeID!)"), "\(error)")
    }

    @Test func aNewGenerationKeepsTheOldRecordsAndIsMarked() throws {
        let w = try Workspace()
        try firstLife(w)
        // A torn line at the end, as a kill during an append leaves it.
        let open = w.outPath + "/article/article-2025-07-02T03.jsonl.open"
        let h = try #require(FileHandle(forWritingAtPath: open))
        try h.seekToEnd()
        try h.write(contentsOf: Data(#"{"type":"artic"#.utf8))
        try h.close()
        removeDatabase(w)

        let store = try w.store()
        let p = try w.pipelineUnrecovered(store)
        try p.pair(newGeneration: true)
        try p.recover()
        let marker = try #require(try p.readMarker())
        #expect(marker.storeID == store.storeID && marker.generation == 2)
        // The old generation's open file is sealed as it was (torn tail cut), with its manifest.
        #expect(w.files().contains("article/article-2025-07-02T03.jsonl"))
        #expect(try checkManifest(w.outPath + "/article/article-2025-07-02T03.jsonl").ok)
        // The new generation writes beside it, never over it, and starts at revision 1 again.
        try p.commit([page(Self.url1, records: [article(1, title: "a")])])
        #expect(try w.records(.article).map(\.revision) == [1, 1])
        // And from now on the two belong together.
        try w.pipelineUnrecovered(try w.store()).pair()
    }

    @Test func aFreshDirectoryAndADatabaseFromBeforeMarkersArePaired() throws {
        let w = try Workspace()
        do {  // a database with history and output, but no marker yet (an older gleaner)
            let p = try w.pipeline(try w.store())
            try p.commit([page(Self.url1, records: [article(1, title: "a")])])
        }
        // Such a database has no store id (Python's sqlite3 module, not gleaner's code, removes it).
        let script = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(\"DELETE FROM meta WHERE key = 'store_id'\"); c.commit()"
        #expect(try run("/usr/bin/env", ["python3", "-c", script, w.dbPath]).0 == 0)
        let store = try w.store()
        #expect(store.storeIDAssigned)
        try w.pipelineUnrecovered(store).pair()
        let marker = try #require(try w.pipelineUnrecovered(store).readMarker())
        #expect(marker.storeID == store.storeID && marker.generation == 1)
    }

    @Test func decisions() {
        func decide(marker: String?, assigned: Bool = false, empty: Bool = false, files: Int = 3, newGen: Bool = false) -> StatePairing.Decision {
            StatePairing.decide(.init(storeID: "a", storeIDAssigned: assigned, storeIsEmpty: empty,
                                      marker: marker.map { OutputMarker(storeID: $0, generation: 1, stateDatabase: "/s", pairedAt: "") },
                                      outputFiles: files, newGeneration: newGen))
        }
        #expect(decide(marker: "a") == .paired)
        #expect(decide(marker: nil, assigned: true, empty: true, files: 0) == .writeMarker)
        #expect(decide(marker: nil, assigned: true, empty: true) == .refuse(.stateIsNew))
        #expect(decide(marker: "b", assigned: true, empty: true) == .refuse(.stateIsNew))
        #expect(decide(marker: "b") == .refuse(.otherStore))
        #expect(decide(marker: nil) == .refuse(.unmarkedOutput))
        #expect(decide(marker: nil, assigned: true) == .writeMarker)  // a database from before markers
        #expect(decide(marker: "b", empty: true, newGen: true) == .newGeneration)
    }
}

extension Workspace {
    /// A pipeline that has not recovered yet (pairing comes first).
    func pipelineUnrecovered(_ store: StateStore) throws -> OutputPipeline {
        let clock = self.clock
        return try OutputPipeline(store: store, outputDirectory: outPath, clock: { clock.now }, logger: Logger(label: "test"))
    }
}
