import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// A swift-log handler writing one line per message to stderr in a form journald indexes:
/// with `JOURNAL_STREAM` set (stderr is connected to the journal) each line starts with the
/// syslog priority `<N>` and carries no timestamp (journald adds its own); in a terminal it
/// starts with an RFC 3339 time and the level. Metadata follows as `key=value` pairs, values
/// quoted when they contain spaces, so `journalctl -u gleaner | grep crawl.url=` works.
public struct JournalLogHandler: LogHandler {
    public enum Format: Sendable { case journald, plain }

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let format: Format
    let sink: @Sendable (String) -> Void

    public init(label: String, level: Logger.Level, format: Format,
                sink: @escaping @Sendable (String) -> Void = JournalLogHandler.writeToStderr) {
        self.label = label
        self.logLevel = level
        self.format = format
        self.sink = sink
    }

    /// `auto`: journald style when stderr goes to the journal.
    public static func format(named name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> Format {
        switch name {
        case "journald": .journald
        case "plain": .plain
        default: environment["JOURNAL_STREAM"] != nil ? .journald : .plain
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { $1 } }
        if let extra = event.metadata { all.merge(extra) { $1 } }
        var line: String
        switch format {
        case .journald: line = "<\(Self.priority(event.level))>\(event.message)"
        case .plain: line = "\(Self.timestamp()) \(event.level) \(event.message)"
        }
        for key in all.keys.sorted() { line += " \(key)=\(Self.quote("\(all[key]!)"))" }
        sink(line + "\n")
    }

    /// syslog(3) priorities, as journald maps them.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    static func quote(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }
        guard needsQuotes else { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"\(escaped)\""
    }

    static func timestamp() -> String {
        Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted))
    }

    /// One write(2) per line, so lines from several threads never interleave.
    public static let writeToStderr: @Sendable (String) -> Void = { line in
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { break }
            offset += n
        }
    }
}
