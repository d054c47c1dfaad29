/// Points inside a commit where a test can stop the process, to prove recovery from a crash at
/// exactly that step. Production code leaves them nil.
public struct CommitHooks: Sendable {
    /// Before the batch's bytes are written to a file (path of the `.open` file, the bytes).
    public var beforeAppend: (@Sendable (_ path: String, _ bytes: [UInt8]) -> Void)?
    /// After every file got its bytes, before fsync.
    public var afterAppend: (@Sendable () -> Void)?
    /// After fsync, before the SQLite transaction.
    public var afterSync: (@Sendable () -> Void)?
    /// After a sealed file was renamed, before its manifest exists.
    public var afterSealRename: (@Sendable (_ path: String) -> Void)?
    /// Compression: the `.jsonl.gz.tmp` is written and fsynced, not yet renamed (its path).
    public var beforeCompressRename: (@Sendable (_ tempPath: String) -> Void)?
    /// Compression: the `.jsonl.gz` is in place, the `.jsonl.open` not yet removed (the `.gz` path).
    public var afterCompressRename: (@Sendable (_ path: String) -> Void)?

    public init(beforeAppend: (@Sendable (String, [UInt8]) -> Void)? = nil, afterAppend: (@Sendable () -> Void)? = nil,
                afterSync: (@Sendable () -> Void)? = nil, afterSealRename: (@Sendable (String) -> Void)? = nil,
                beforeCompressRename: (@Sendable (String) -> Void)? = nil, afterCompressRename: (@Sendable (String) -> Void)? = nil) {
        self.beforeAppend = beforeAppend
        self.afterAppend = afterAppend
        self.afterSync = afterSync
        self.afterSealRename = afterSealRename
        self.beforeCompressRename = beforeCompressRename
        self.afterCompressRename = afterCompressRename
    }
}
