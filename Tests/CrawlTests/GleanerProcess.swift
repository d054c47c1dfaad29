import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The real `gleaner` binary (built by `swift build --build-tests` beside the test bundle, in
/// whichever scratch path) run as a child process, with its stdout and stderr collected.
final class GleanerProcess: @unchecked Sendable {
    static let binary: URL = {
        let beside = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("gleaner")
        return FileManager.default.isExecutableFile(atPath: beside.path)
            ? beside : repositoryRoot().appendingPathComponent(".build/debug/gleaner")
    }()

    let process = Process()
    private let out = Pipe()
    private let err = Pipe()
    private let lock = NSLock()
    private var stdoutData = Data()
    private var stderrData = Data()

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = Self.binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NOTIFY_SOCKET")
        env.removeValue(forKey: "JOURNAL_STREAM")
        env.removeValue(forKey: "WATCHDOG_USEC")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardOutput = out
        process.standardError = err
        out.fileHandleForReading.readabilityHandler = { [weak self] h in self?.append(h.availableData, toStdout: true) }
        err.fileHandleForReading.readabilityHandler = { [weak self] h in self?.append(h.availableData, toStdout: false) }
        try process.run()
    }

    private func append(_ data: Data, toStdout: Bool) {
        lock.lock(); defer { lock.unlock() }
        if toStdout { stdoutData.append(data) } else { stderrData.append(data) }
    }

    var stdout: String { lock.lock(); defer { lock.unlock() }; return String(decoding: stdoutData, as: UTF8.self) }
    var stderr: String { lock.lock(); defer { lock.unlock() }; return String(decoding: stderrData, as: UTF8.self) }

    func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

    /// Waits for exit (at most `timeout` seconds, then kills it) and returns the status.
    @discardableResult
    func wait(timeout: TimeInterval = 30) -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        out.fileHandleForReading.readabilityHandler = nil
        err.fileHandleForReading.readabilityHandler = nil
        append(out.fileHandleForReading.readDataToEndOfFile(), toStdout: true)
        append(err.fileHandleForReading.readDataToEndOfFile(), toStdout: false)
        return process.terminationStatus
    }

    /// Runs to completion.
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 60) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = try GleanerProcess(arguments, environment: environment)
        let status = p.wait(timeout: timeout)
        return (status, p.stdout, p.stderr)
    }
}

/// Polls `condition` every 20 ms for up to `timeout` seconds.
func eventually(timeout: TimeInterval = 10, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(20_000)
    }
    return condition()
}
