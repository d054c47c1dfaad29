import Foundation

/// An HTTP/2-over-TLS server for tests: `nghttpd` (Debian nghttp2-server, installed by
/// `make deps`) serving a directory on 127.0.0.1, with a self-signed certificate for
/// `localhost` made by `openssl` at start. Pass `certificatePath` as the client's CA file.
public final class TestTLSServer: @unchecked Sendable {
    public let port: Int
    public let directory: TemporaryDirectory
    public var certificatePath: String { directory.url.appendingPathComponent("cert.pem").path }
    private let process = Process()

    /// `files` maps names to bodies, served from the document root.
    public init(files: [String: [UInt8]]) throws {
        directory = try TemporaryDirectory(prefix: "gleaner-tls")
        let root = directory.url.appendingPathComponent("htdocs")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (name, body) in files { try Data(body).write(to: root.appendingPathComponent(name)) }
        let key = directory.url.appendingPathComponent("key.pem").path
        let certificatePath = directory.url.appendingPathComponent("cert.pem").path
        try Self.run("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", certificatePath, "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost",
        ])
        // A free port: bound and released just before nghttpd takes it.
        port = try ReservedPort().port
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/nghttpd")
        process.arguments = ["--address=127.0.0.1", "--htdocs=\(root.path)", "\(port)", key, certificatePath]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try waitUntilListening()
    }

    deinit {
        // SIGKILL: the child inherits the spawning thread's signal mask, in which Dispatch
        // threads block SIGTERM (terminate() + waitUntilExit() hung the test). Foundation reaps it.
        kill(process.processIdentifier, SIGKILL)
    }

    private func waitUntilListening() throws {
        for _ in 0..<100 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            close(fd)
            if connected == 0 { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw TestServerError.socket(ECONNREFUSED)
    }

    private static func run(_ path: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestServerError.socket(process.terminationStatus) }
    }
}
