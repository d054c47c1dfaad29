import Foundation
import GleanerModel
import GleanerOutput
import GleanerStore
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A damaged database stops the start; gleaner's files get explicit modes; links planted where
/// its own files belong are refused, never followed; a failed write leaves no temp file.
@Suite struct FileSafetyTests {
    /// A database with some history, checkpointed into its main file.
    func populated(_ w: Workspace) throws {
        let store = try w.store()
        let p = try w.pipeline(store)
        for i in 0..<200 {
            try p.commit([page("http://www.tvseoul.kr/news/article.html?no=\(i)", records: [article(i, title: "기사 \(i)")])])
        }
        try store.checkpoint()
    }

    @Test func aHalfTruncatedDatabaseIsDamagedAtOpen() throws {
        let w = try Workspace()
        try populated(w)
        let size = try #require(FileManager.default.attributesOfItem(atPath: w.dbPath)[.size] as? Int)
        #expect(size > 8 * 4096)
        #expect(truncate(w.dbPath, off_t(size / 2)) == 0)
        let error = try #require(throws: StoreError.self) { _ = try w.store() }
        #expect(error.kind == .damaged, "\(error)")
        #expect("\(error)".contains(w.dbPath) && "\(error)".contains("restore this file from a backup"), "\(error)")
    }

    @Test func aZeroFilledDatabaseIsDamagedAtOpen() throws {
        let w = try Workspace()
        try Data(count: 64 * 1024).write(to: URL(fileURLWithPath: w.dbPath))
        let error = try #require(throws: StoreError.self) { _ = try w.store() }
        #expect(error.kind == .damaged && "\(error)".contains("not a database"), "\(error)")
    }

    @Test func aSymlinkedOpenFileIsRefusedAndItsTargetUntouched() throws {
        let w = try Workspace()
        do {
            let p = try w.pipeline(try w.store())
            try p.commit([page("http://www.tvseoul.kr/news/article.html?no=1", records: [article(1, title: "a")])])
        }
        let victim = w.temp.path + "/victim.txt"
        let text = Data(String(repeating: "precious line\n", count: 100).utf8)
        try text.write(to: URL(fileURLWithPath: victim))
        let open = w.outPath + "/article/article-2025-07-02T03.jsonl.open"
        unlink(open)
        #expect(symlink(victim, open) == 0)
        let error = try #require(throws: StoreError.self) { _ = try w.pipeline(try w.store()) }
        #expect("\(error)".contains(open) && "\(error)".contains("symbolic link"), "\(error)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: victim)) == text)
    }

    /// Recovery lists every type directory to remove uncommitted files: one it cannot list is an
    /// error naming it, not a directory silently left out.
    @Test func anOutputDirectoryRecoveryCannotListStopsTheStartNamingIt() throws {
        let w = try Workspace()
        _ = try w.pipeline(try w.store())
        let loop = w.outPath + "/article"
        #expect(symlink(loop, loop) == 0)  // opendir fails with ELOOP, as root too
        let error = try #require(throws: StoreError.self) { _ = try w.pipeline(try w.store()) }
        #expect(error.area == .output && error.kind == .read, "\(error)")
        #expect("\(error)".contains("opendir: Too many levels of symbolic links") && "\(error)".hasSuffix(" - " + loop), "\(error)")
    }

    @Test func aSymlinkedLockFileIsRefusedAndItsTargetUntouched() throws {
        let w = try Workspace()
        let victim = w.temp.path + "/victim.txt"
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: victim))
        try FileManager.default.createDirectory(atPath: w.outPath, withIntermediateDirectories: true)
        #expect(symlink(victim, w.outPath + "/" + DirectoryLock.fileName) == 0)
        let error = try #require(throws: StoreError.self) { _ = try DirectoryLock(directory: w.outPath) }
        #expect("\(error)".contains(DirectoryLock.fileName) && "\(error)".contains("symbolic link"), "\(error)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me\n")
    }

    /// Under `umask 000` (a child process, so no other test sees the umask): directories 0750,
    /// files 0640, database included.
    @Test func filesAndDirectoriesGetExplicitModesWhateverTheUmask() throws {
        let helper = try CrashTests.helper()
        let temp = try TemporaryDirectory(prefix: "gleaner-modes")
        let dir = temp.path + "/state"
        let (status, _) = try run("/bin/sh", ["-c", "umask 000; exec \"$0\" \"$1\" --batches 8", helper, dir])
        #expect(status == 0)
        func mode(_ p: String) -> mode_t { var st = stat(); return lstat(p, &st) == 0 ? st.st_mode & 0o777 : 0 }
        #expect(mode(dir) == 0o750)
        #expect(mode(dir + "/out") == 0o750)
        #expect(mode(dir + "/out/article") == 0o750)
        #expect(mode(dir + "/state.sqlite") == 0o640)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir + "/out/article")
        #expect(!names.isEmpty)
        for name in names { #expect(mode(dir + "/out/article/" + name) == 0o640, "\(name)") }
    }

    /// A manifest that cannot be written (here its name is taken by a directory; a full disk
    /// does the same) leaves no `.manifest.json.tmp` behind, and `status` shows the renamed file
    /// as sealed, not open.
    @Test func aFailedManifestWriteLeavesNoTempFileAndStatusShowsTheFileSealed() throws {
        let w = try Workspace()
        let store = try w.store()
        let p = try w.pipeline(store)
        try p.commit([page("http://www.tvseoul.kr/", records: [weather("서울", 20)])])
        let sealed = w.outPath + "/weather/weather-2025-07-02T03.jsonl"
        try FileManager.default.createDirectory(atPath: sealed + ".manifest.json/x", withIntermediateDirectories: true)
        #expect(throws: StoreError.self) { try p.sealAll() }
        #expect(!w.files().contains { $0.hasSuffix(".tmp") }, "\(w.files())")
        var report = try StateStore.openReadOnly(path: w.dbPath).statusReport()
        report.reconcile(withDirectory: w.outPath)
        #expect(report.openFiles.isEmpty)
        #expect(report.sealedOnDisk.map(\.path) == ["weather/weather-2025-07-02T03.jsonl"])
        #expect(report.text(now: at0).contains("sealed on disk, seal unfinished: weather/weather-2025-07-02T03.jsonl"))
    }
}
