import Foundation
import GleanerCrawl
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// Process-wide logging, set once by a command from the `[log]` table.
public enum LoggingSetup {
    public static func bootstrap(_ log: LogConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let level = Logger.Level(rawValue: log.level) ?? .info
        let format = JournalLogHandler.format(named: log.format, environment: environment)
        // On a terminal a progress line may stand where the next log line starts.
        let terminal = format != .journald && isatty(STDERR_FILENO) == 1
        LoggingSystem.bootstrap { label in JournalLogHandler(label: label, level: level, format: format, clearsLine: terminal) }
    }
}
