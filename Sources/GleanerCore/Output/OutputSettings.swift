import Foundation
import GleanerModel

/// How output files are cut. Defaults: a file per UTC hour, at most 256 MiB, not compressed.
public struct OutputSettings: Sendable, Hashable {
    public enum Rotation: String, Sendable, Hashable, CaseIterable {
        case hour
        case day
    }

    /// A file is sealed when its UTC period ends. Default `.hour`.
    public var rotation: Rotation
    /// A file is sealed before a batch would push it past this many bytes (one batch never
    /// splits, so a single huge batch may exceed it). Default 256 MiB.
    public var maxFileBytes: Int64
    /// Seal files as gzip: `X.jsonl.open` becomes `X.jsonl.gz` (never a plain `X.jsonl`), with
    /// `X.jsonl.gz.manifest.json`. Only files sealed from now on; the size limit counts the
    /// uncompressed bytes. The default is false.
    public var compressSealed: Bool

    public init(rotation: Rotation = .hour, maxFileBytes: Int64 = 256 << 20, compressSealed: Bool = false) {
        self.rotation = rotation
        self.maxFileBytes = maxFileBytes
        self.compressSealed = compressSealed
    }
}

/// The UTC period a file belongs to: its name part and its end (pure, no clock inside).
struct OutputPeriod: Sendable, Hashable {
    var name: String
    var start: Date
    var end: Date

    init(containing date: Date, rotation: OutputSettings.Rotation) {
        let length: Double = rotation == .hour ? 3600 : 86400
        // UNIX time has no leap seconds, so UTC hours and days are plain multiples.
        let t = date.timeIntervalSince1970
        let startSeconds = (t / length).rounded(.down) * length
        start = Date(timeIntervalSince1970: startSeconds)
        end = Date(timeIntervalSince1970: startSeconds + length)
        let stamp = RFC3339.utcString(start)  // 2025-07-02T03:00:00Z
        name = rotation == .hour ? String(stamp.prefix(13)) : String(stamp.prefix(10))
    }

    /// `article/article-2025-07-02T03.jsonl`, then `…T03_002.jsonl` after a size rotation
    /// (sorts after the first file of its period, before the next period).
    static func relativePath(stream: String, period: String, sequence: Int) -> String {
        let suffix = sequence <= 1 ? "" : "_" + String(format: "%03d", sequence)
        return "\(stream)/\(stream)-\(period)\(suffix).jsonl"
    }
}

