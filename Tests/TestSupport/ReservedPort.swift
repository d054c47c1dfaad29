#if canImport(Glibc)
import Glibc
#endif

/// A loopback port that is bound but not listening: connecting is refused, and no other test's
/// server can take the port while this value lives.
public final class ReservedPort: @unchecked Sendable {
    public let port: Int
    private let fd: Int32

    public init() throws {
        (fd, port) = try TestHTTPServer.listen(backlog: 0)
    }

    deinit { close(fd) }
}
