import GleanerStore
import Crypto
import Foundation
import GleanerModel

/// The small JSON file beside every sealed file: `<file>.manifest.json`. A consumer checks a
/// file against it (count, bytes, SHA-256) before trusting it.
///
/// For a gzipped file (`X.jsonl.gz`), `records`, `bytes` and `sha256` describe the decompressed
/// content (exactly what the uncompressed file would have been), and `compression`,
/// `compressedBytes`, `compressedSha256` describe the `.gz` file itself; the last three are absent
/// from the manifest of a plain file.
public struct Manifest: Codable, Sendable, Hashable {
    /// The sealed file's name (no directory).
    public var file: String
    /// `article`, `weather`, `teaser` or `rejects`.
    public var stream: String
    public var records: Int
    public var bytes: Int64
    /// Lowercase hex SHA-256 of the file's bytes.
    public var sha256: String
    /// RFC 3339 UTC; null only for an empty file.
    public var firstFetchedAt: String?
    public var lastFetchedAt: String?
    public var sealedAt: String
    /// `"gzip"` for a `.jsonl.gz`; nil for a plain `.jsonl`.
    public var compression: String?
    /// Size and lowercase hex SHA-256 of the `.gz` file as stored.
    public var compressedBytes: Int64?
    public var compressedSha256: String?

    enum CodingKeys: String, CodingKey {
        case file, stream, records, bytes, sha256, compression
        case compressedBytes = "compressed_bytes"
        case compressedSha256 = "compressed_sha256"
        case firstFetchedAt = "first_fetched_at"
        case lastFetchedAt = "last_fetched_at"
        case sealedAt = "sealed_at"
    }

    public static func path(forSealedFile path: String) -> String { path + ".manifest.json" }

    /// Reads the file once: counts lines and bytes and hashes it.
    static func measure(_ path: String) throws -> (records: Int, bytes: Int64, sha256: String) {
        var hasher = SHA256()
        var lines = 0
        var bytes: Int64 = 0
        try Durable.forEachChunk(of: path) { chunk in
            hasher.update(bufferPointer: chunk)
            bytes += Int64(chunk.count)
            lines += countNewlines(chunk)
        }
        return (lines, bytes, hasher.finalize().map { String(format: "%02x", $0) }.joined())
    }

    /// Decompresses a `.gz` once: counts lines and bytes of the content and hashes it.
    static func measureDecompressed(_ path: String) throws -> (records: Int, bytes: Int64, sha256: String) {
        var hasher = SHA256()
        var lines = 0
        var bytes: Int64 = 0
        try GzipReader(path: path).forEachChunk { chunk in
            hasher.update(bufferPointer: chunk)
            bytes += Int64(chunk.count)
            lines += countNewlines(chunk)
        }
        return (lines, bytes, hasher.finalize().map { String(format: "%02x", $0) }.joined())
    }

    /// Newlines in `bytes`, found with memchr (vectorised in libc; a line is a whole record, so
    /// there are few calls per chunk). Counting byte by byte through `Data` cost more than the hash.
    static func countNewlines(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard var p = bytes.baseAddress else { return 0 }
        let end = p + bytes.count
        var count = 0
        while p < end, let hit = memchr(p, 0x0A, end - p) {
            count += 1
            p = UnsafeRawPointer(hit) + 1
        }
        return count
    }

    /// Builds the manifest of a sealed file (plain, or gzip when it ends in `.gz`) from its bytes
    /// as they are on disk, and writes it atomically.
    static func write(forSealedFile path: String, stream: String, firstFetchedAt: Date?, lastFetchedAt: Date?,
                      sealedAt: Date) throws -> Manifest {
        let gzip = path.hasSuffix(".gz")
        let m = gzip ? try measureDecompressed(path) : try measure(path)
        var manifest = Manifest(
            file: (path as NSString).lastPathComponent, stream: stream, records: m.records, bytes: m.bytes,
            sha256: m.sha256, firstFetchedAt: firstFetchedAt.map(RFC3339.utcString),
            lastFetchedAt: lastFetchedAt.map(RFC3339.utcString), sealedAt: RFC3339.utcString(sealedAt))
        if gzip {
            let c = try measure(path)
            manifest.compression = "gzip"
            manifest.compressedBytes = c.bytes
            manifest.compressedSha256 = c.sha256
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do { data = try encoder.encode(manifest) } catch {
            throw StoreError(output: .manifest, path: path, detail: "\(error)")
        }
        try Durable.writeAtomically(Array(data) + [0x0A], to: Self.path(forSealedFile: path))
        return manifest
    }
}
