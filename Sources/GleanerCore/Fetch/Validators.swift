/// HTTP cache validators of a stored page. The crawl stage passes the ones it kept from the last
/// fetch into a request (`If-None-Match` / `If-Modified-Since`) and stores `response.validators`
/// afterwards; the fetch stage itself keeps nothing.
public struct Validators: Sendable, Equatable, Codable {
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
