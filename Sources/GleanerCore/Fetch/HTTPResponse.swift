import GleanerModel
import Foundation

/// A completed transfer: the final response after redirects.
public struct HTTPResponse: Sendable {
    /// Protocol version libcurl negotiated.
    public enum Version: String, Sendable { case http1_0 = "HTTP/1.0", http1_1 = "HTTP/1.1", http2 = "HTTP/2", http3 = "HTTP/3", unknown = "HTTP/?" }

    /// Phase times in seconds from the start of the transfer (the last hop's, for redirects).
    public struct Timings: Sendable, Equatable {
        public var nameLookup: TimeInterval
        public var connect: TimeInterval
        public var startTransfer: TimeInterval
        public var total: TimeInterval
        public init(nameLookup: TimeInterval = 0, connect: TimeInterval = 0, startTransfer: TimeInterval = 0, total: TimeInterval = 0) {
            self.nameLookup = nameLookup
            self.connect = connect
            self.startTransfer = startTransfer
            self.total = total
        }
    }

    public var status: Int
    /// Headers of the final response only (not of redirect hops).
    public var headers: HTTPHeaders
    /// The URL after redirects.
    public var finalURL: String
    /// The decoded body (empty for 304 and HEAD).
    public var body: [UInt8]
    public var version: Version
    public var timings: Timings
    /// Redirects followed.
    public var redirectCount: Int
    /// True when the body was cut at the size limit (`OversizeBehaviour.truncate`).
    public var truncated: Bool
    /// Where a redirect that was not followed points (its Location, made absolute).
    public var redirectURL: String?

    public init(
        status: Int, headers: HTTPHeaders, finalURL: String, body: [UInt8], version: Version = .http1_1,
        timings: Timings = Timings(), redirectCount: Int = 0, truncated: Bool = false, redirectURL: String? = nil
    ) {
        self.status = status
        self.headers = headers
        self.finalURL = finalURL
        self.body = body
        self.version = version
        self.timings = timings
        self.redirectCount = redirectCount
        self.truncated = truncated
        self.redirectURL = redirectURL
    }

    /// A redirect status (301, 302, 303, 307, 308) with a target to follow.
    public var isRedirect: Bool {
        redirectURL != nil && [301, 302, 303, 307, 308].contains(status)
    }

    /// 304: the stored copy is still current; there is no body.
    public var notModified: Bool { status == 304 }

    /// The validators to store for the next conditional request.
    public var validators: Validators {
        Validators(etag: headers["ETag"], lastModified: headers["Last-Modified"])
    }

    /// The `charset` parameter of Content-Type, lowercased, if any. Only the header: sniffing the
    /// body for a meta charset is the parse stage's job.
    public var charset: String? { Self.charset(fromContentType: headers["Content-Type"]) }

    public static func charset(fromContentType contentType: String?) -> String? {
        guard let contentType else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingWhitespace().caseInsensitiveEquals("charset") else { continue }
            let value = pair[1].trimmingWhitespace().trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            return value.isEmpty ? nil : value.lowercased()
        }
        return nil
    }

    /// The `Retry-After` header as a delay from `now`, if present and valid.
    public func retryAfter(now: Date) -> TimeInterval? {
        headers["Retry-After"].flatMap { RetryAfter.parse($0, now: now) }
    }
}
