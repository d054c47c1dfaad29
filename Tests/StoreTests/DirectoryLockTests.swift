import Foundation
import GleanerStore
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// One writer per directory: a second claim fails with a message naming the directory and the
/// holder, and the claim ends with its holder.
@Suite struct DirectoryLockTests {
    @Test func aSecondWriterIsToldWhoHoldsTheDirectory() throws {
        let dir = try TemporaryDirectory()
        let first = try DirectoryLock(directory: dir.path)
        let error = try #require(throws: StoreError.self) { try DirectoryLock(directory: dir.path) }
        #expect(error.kind == .lock)
        #expect(error.description.hasPrefix(dir.path + ": in use by another gleaner process (pid \(getpid()))"), "\(error)")
        withExtendedLifetime(first) {}
    }

    @Test func theDirectoryIsFreeAgainOnceItsHolderIsGone() throws {
        let dir = try TemporaryDirectory()
        var first: DirectoryLock? = try DirectoryLock(directory: dir.path)
        #expect(first != nil)
        first = nil
        let second = try DirectoryLock(directory: dir.path)
        #expect(second.directory == dir.path)
        // The lock file is hidden from consumers that glob the output directory for *.jsonl.
        #expect(FileManager.default.fileExists(atPath: dir.path + "/.gleaner.lock"))
    }

    @Test func aDirectoryThatCannotHoldTheLockFileIsNamed() throws {
        let dir = try TemporaryDirectory()
        let missing = dir.path + "/no/such/dir"
        let error = try #require(throws: StoreError.self) { try DirectoryLock(directory: missing) }
        #expect(error.description.contains(missing + "/.gleaner.lock"), "\(error)")
        #expect(error.description.contains("cannot create the lock file"), "\(error)")
    }
}
