import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

extension StateStore {
    static let storeIDKey = "store_id"
    static let generationKey = "generation"

    /// Creates an empty database file with `FileModes.file` before SQLite does (SQLite would use
    /// 0644 less the umask; its `-wal` and `-shm` files take the main file's mode). An existing
    /// file, or a link an operator put there, is left as it is.
    static func createFileIfMissing(_ path: String) throws {
        var st = stat()
        guard lstat(path, &st) != 0 else { return }
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, FileModes.file)
        guard fd >= 0 || errno == EEXIST else {
            throw StoreError(kind: .open, path: path, detail: "cannot create: \(FileModes.openFailure(errno))")
        }
        if fd >= 0 { close(fd) }
    }

    /// An open that failed: SQLite's text for a file that is not a database is "file is not a
    /// database"; say that it is damaged, and keep SQLite's words.
    static func openError(_ path: String, _ error: Error) -> StoreError {
        if let e = error as? DatabaseError, e.resultCode == .SQLITE_NOTADB || e.resultCode == .SQLITE_CORRUPT {
            return StoreError(kind: .damaged, path: path, detail: Self.damageAdvice(e.message ?? "\(e)"))
        }
        return StoreError(kind: .open, path: path, detail: "\(error)")
    }

    static func damageAdvice(_ sqlite: String) -> String {
        "\(sqlite) (SQLite). Stop gleaner, restore this file from a backup, or move it aside and start a "
            + "new generation (docs/operations.md, \"Lost or damaged state\")"
    }

    /// `PRAGMA quick_check` before anything reads or writes: a damaged file stops the start with
    /// SQLite's own findings instead of failing every commit later. Linear in the file's size.
    static func checkIntegrity(_ pool: DatabasePool, path: String) throws {
        let findings: [String]
        do {
            findings = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        } catch let e as DatabaseError {
            throw StoreError(kind: .damaged, path: path, detail: Self.damageAdvice(e.message ?? "\(e)"))
        } catch {
            throw StoreError(kind: .open, path: path, detail: "PRAGMA quick_check: \(error)")
        }
        guard findings != ["ok"] else { return }
        let shown = findings.prefix(3).joined(separator: "; ") + (findings.count > 3 ? "; … (\(findings.count) findings)" : "")
        throw StoreError(kind: .damaged, path: path, detail: Self.damageAdvice("quick_check: " + shown))
    }

    /// The database's id, created on first open; `assigned` is true when this call created it.
    static func assignStoreID(_ pool: DatabasePool, path: String) throws -> (id: String, assigned: Bool) {
        do { return try pool.write { db in
            if let id = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [Self.storeIDKey]) {
                return (id, false)
            }
            let id = UUID().uuidString.lowercased()
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?)", arguments: [Self.storeIDKey, id])
            return (id, true)
        } } catch {
            throw StoreError(kind: .query, path: path, detail: "store id: \(error)")
        }
    }

    /// True when the database remembers nothing: no URL, record or output file.
    public func isEmpty() throws -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: """
                SELECT NOT (EXISTS (SELECT 1 FROM urls) OR EXISTS (SELECT 1 FROM records) OR EXISTS (SELECT 1 FROM output_files))
                """) ?? true
        }
    }

    /// The output generation this database writes (1 for the first; `StatePairing` raises it).
    public func generation() throws -> Int { try meta(Self.generationKey).flatMap(Int.init) ?? 1 }

    public func setGeneration(_ n: Int) throws { try setMeta(Self.generationKey, "\(n)") }
}
