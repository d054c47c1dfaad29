import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// A swift-log handler writing one line per message to stderr in a form journald indexes:
/// with `JOURNAL_STREAM` set (stderr is connected to the journal) each line starts with the
/// syslog priority `<N>` and carries no timestamp (journald adds its own); in a terminal it is
/// strict logfmt (`time=… level=warning msg="page failed" crawl.url=…`); `json` writes one
/// JSON object per line. Metadata follows as `key=value` pairs, values quoted when they contain
/// spaces, `=`, quotes or control characters, so `journalctl -u gleaner | grep crawl.url=` works.
public struct JournalLogHandler: LogHandler {
    public enum Format: Sendable { case journald, plain, json }

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let format: Format
    let sink: @Sendable (String) -> Void
    /// Each line starts by erasing the terminal's current line (`\r` ESC `[K`), so a log line
    /// never runs into the progress line `gleaner once` keeps there; the next update redraws it.
    let clearsLine: Bool

    public init(label: String, level: Logger.Level, format: Format, clearsLine: Bool = false,
                sink: @escaping @Sendable (String) -> Void = JournalLogHandler.writeToStderr) {
        self.label = label
        self.logLevel = level
        self.format = format
        self.clearsLine = clearsLine
        self.sink = sink
    }

    /// The escape sequence that returns to the start of the line and erases it.
    public static let eraseLine = "\r\u{1B}[K"

    /// `auto`: journald style when stderr goes to the journal.
    public static func format(named name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> Format {
        switch name {
        case "journald": .journald
        case "plain": .plain
        case "json": .json
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
        let prefix = clearsLine ? Self.eraseLine : ""
        var line: String
        switch format {
        case .journald: line = "<\(Self.priority(event.level))>\(event.message)"
        case .plain: line = "time=\(Self.timestamp()) level=\(event.level) msg=\(Self.quote("\(event.message)", always: true))"
        case .json:
            line = "{\"time\":\(Self.jsonString(Self.timestamp())),\"level\":\(Self.jsonString(event.level.rawValue)),"
                + "\"msg\":\(Self.jsonString("\(event.message)"))"
            for key in all.keys.sorted() where !["time", "level", "msg"].contains(key) {
                line += ",\(Self.jsonString(key)):\(Self.jsonString("\(all[key]!)"))"
            }
            sink(prefix + line + "}\n")
            return
        }
        for key in all.keys.sorted() { line += " \(key)=\(Self.quote("\(all[key]!)"))" }
        sink(prefix + line + "\n")
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func jsonString(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
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

    /// A logfmt value: bare when it is one plain word, else quoted with `\\`, `\"`, `\n`, `\r`, `\t`
    /// and other control characters escaped, so a line always splits back into its pairs.
    static func quote(_ value: String, always: Bool = false) -> String {
        let needsQuotes = always || value.isEmpty || value.unicodeScalars.contains {
            $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F
                || $0.properties.isWhitespace
        }
        guard needsQuotes else { return value }
        return jsonString(value)
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
