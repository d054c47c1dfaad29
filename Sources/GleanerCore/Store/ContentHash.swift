import Crypto
import Foundation
import GleanerModel

/// SHA-256 of a record's content fields (`Record.contentBytes()`), the dedup key's value.
///
/// `revision`, `url` and `fetched_at` are outside the hash, so refetching an unchanged article
/// from another URL or at another time is recognised as the same content.
public struct ContentHash: Sendable, Hashable, CustomStringConvertible {
    public let bytes: Data

    public init(bytes: Data) { self.bytes = bytes }

    public init(of record: Record) {
        self.init(of: EncodedRecord(record))
    }

    /// From a record already encoded (its line is written from the same encoding).
    public init(of encoded: EncodedRecord) {
        bytes = Data(SHA256.hash(data: encoded.contentBytes))
    }

    public var description: String { bytes.map { String(format: "%02x", $0) }.joined() }
}
