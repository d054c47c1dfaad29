import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A bound AF_UNIX datagram socket that plays systemd's side of sd_notify in tests.
final class NotifySocket: @unchecked Sendable {
    let fd: Int32
    /// The value for `NOTIFY_SOCKET` (`@name` for the abstract namespace).
    let address: String

    init(path: String? = nil, abstractName: String? = nil) throws {
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        var bytes: [UInt8]
        if let abstractName {
            bytes = [0] + Array(abstractName.utf8)
            address = "@" + abstractName
        } else {
            bytes = Array(path!.utf8) + [0]
            address = path!
        }
        withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: bytes) }
        let length = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count - (abstractName == nil ? 0 : 0)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(length)) }
        }
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// The next datagram, or nil after the receive timeout.
    func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return nil }
        return String(decoding: buffer[..<n], as: UTF8.self)
    }

    /// Every datagram until `deadline` passes without one matching `until`.
    func receive(until stop: (String) -> Bool, timeout: TimeInterval) -> [String] {
        var out: [String] = []
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let m = receive() {
                out.append(m)
                if stop(m) { break }
            }
        }
        return out
    }
}
