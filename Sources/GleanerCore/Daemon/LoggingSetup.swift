import Foundation
import GleanerCrawl
import Logging

/// Process-wide logging, set once by a command from the `[log]` table.
public enum LoggingSetup {
    public static func bootstrap(_ log: LogConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let level = Logger.Level(rawValue: log.level) ?? .info
        let format = JournalLogHandler.format(named: log.format, environment: environment)
        LoggingSystem.bootstrap { label in JournalLogHandler(label: label, level: level, format: format) }
    }
}
