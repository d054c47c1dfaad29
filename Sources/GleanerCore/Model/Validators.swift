/// HTTP cache validators of a page: the fetch stage sends them (`If-None-Match` /
/// `If-Modified-Since`) and reads them from a response, the store keeps them between runs.
public struct Validators: Sendable, Hashable, Codable {
    /// The `ETag` header as the server sent it, quotes and `W/` included.
    public var etag: String?
    /// The `Last-Modified` header as the server sent it (an HTTP-date).
    public var lastModified: String?

    public init(etag: String? = nil, lastModified: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
    }

    /// True when there is nothing to send.
    public var isEmpty: Bool { etag == nil && lastModified == nil }

    /// The conditional request headers these validators produce.
    public var requestHeaders: [(String, String)] {
        var headers: [(String, String)] = []
        if let etag { headers.append(("If-None-Match", etag)) }
        if let lastModified { headers.append(("If-Modified-Since", lastModified)) }
        return headers
    }
}
