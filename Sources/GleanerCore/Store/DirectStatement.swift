import Foundation
import GRDB
import GRDBSQLite

/// A statement from GRDB's cache, bound and stepped through SQLite's C API.
///
/// For the statements a commit runs once per record or page: GRDB's general path (arguments
/// boxed as existentials, converted to `DatabaseValue`s, validated, then bound) cost as much as
/// SQLite's own work. GRDB still owns and caches the statement; this binds values in place
/// (strings as GRDB binds them), steps it to the end and resets it, leaving no binding behind.
struct DirectStatement {
    private let statement: Statement
    private let handle: OpaquePointer
    private let db: Database

    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        self.db = db
    }

    /// SQLite copies the value before the call returns (the buffer is Swift's, and temporary).
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    func bind(_ index: Int32, _ value: String) throws {
        try check(sqlite3_bind_text(handle, index, value, -1, Self.transient), index)
    }

    func bind(_ index: Int32, _ value: String?) throws {
        if let value { try bind(index, value) } else { try check(sqlite3_bind_null(handle, index), index) }
    }

    func bind(_ index: Int32, _ value: Int) throws {
        try check(sqlite3_bind_int64(handle, index, Int64(value)), index)
    }

    func bind(_ index: Int32, _ value: Int64) throws {
        try check(sqlite3_bind_int64(handle, index, value), index)
    }

    func bind(_ index: Int32, _ value: Double) throws {
        try check(sqlite3_bind_double(handle, index, value), index)
    }

    func bind(_ index: Int32, _ value: Double?) throws {
        if let value { try bind(index, value) } else { try check(sqlite3_bind_null(handle, index), index) }
    }

    func bind(_ index: Int32, _ value: Data) throws {
        let rc = value.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress {
                sqlite3_bind_blob(handle, index, base, Int32(bytes.count), Self.transient)
            } else {
                sqlite3_bind_zeroblob(handle, index, 0)  // an empty blob; a null pointer would bind NULL
            }
        }
        try check(rc, index)
    }

    /// A refused binding (a value over SQLite's length limit, out of memory, a wrong index)
    /// fails the statement with SQLite's text, the parameter and the SQL, instead of running it
    /// with the parameter left NULL.
    private func check(_ rc: Int32, _ index: Int32) throws {
        guard rc != SQLITE_OK else { return }
        sqlite3_clear_bindings(handle)
        throw DatabaseError(resultCode: ResultCode(rawValue: rc),
                            message: "binding parameter ?\(index): \(String(cString: sqlite3_errstr(rc)))", sql: statement.sql)
    }

    /// Steps the statement to its end, then resets it and clears its bindings.
    func run() throws {
        let rc = sqlite3_step(handle)
        let message = rc == SQLITE_DONE ? nil : String(cString: sqlite3_errmsg(db.sqliteConnection))
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        guard rc == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: message, sql: statement.sql)
        }
    }
}
