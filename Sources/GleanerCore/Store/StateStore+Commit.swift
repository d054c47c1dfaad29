import GRDB

/// The writer-connection access a commit uses, with the fixed costs of a small batch kept small.
extension StateStore {
    /// Runs one statement's read on the writer connection (a read-only store reads as usual).
    /// The writer's page cache survives the pipeline's own commits, while a reader connection
    /// drops its cache after every write, so each lookup there went back to the file. No
    /// explicit transaction: a single statement reads one consistent snapshot by itself.
    func readOnWriter<T>(_ body: (Database) throws -> T) throws -> T {
        if isReadOnly { return try read(body) }
        do { return try pool.writeWithoutTransaction(body) } catch let e as StoreError { throw e } catch {
            throw StoreError(kind: .query, path: path, detail: "\(error)")
        }
    }

    /// One immediate write transaction through cached BEGIN and COMMIT statements: GRDB's
    /// `write` parses both anew every time, a fixed cost that every small batch paid twice over.
    /// On any error the transaction is rolled back and nothing of `body` remains.
    func writeTransaction(_ body: (Database) throws -> Void) throws {
        do {
            try pool.writeWithoutTransaction { db in
                do {
                    try db.cachedStatement(sql: "BEGIN IMMEDIATE").execute()
                    try body(db)
                    try db.cachedStatement(sql: "COMMIT").execute()
                } catch {
                    guard db.isInsideTransaction else { throw error }
                    do { try db.execute(sql: "ROLLBACK") } catch let rollback {
                        // Both matter: why the write failed, and that the connection may still hold it.
                        throw StoreError(kind: .query, path: path, detail: "\(error); ROLLBACK failed too: \(rollback)")
                    }
                    throw error
                }
            }
        } catch let e as StoreError { throw e } catch {
            throw StoreError(kind: .query, path: path, detail: "\(error)")
        }
    }
}
