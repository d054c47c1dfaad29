import GleanerModel
/// One transfer to run. Per-request limits override the client's settings where given.
public struct HTTPRequest: Sendable {
    public enum Method: String, Sendable { case get = "GET", head = "HEAD" }

    /// What to do when the body grows past the limit.
    public enum OversizeBehaviour: Sendable {
        /// Abort and fail with `tooLarge` (pages).
        case fail
        /// Keep the first `maxBodyBytes` and succeed (robots.txt: content past 500 KiB is ignored).
        case truncate
    }

    public var url: String
    public var method: Method
    /// Extra request headers, sent as given.
    public var headers: [(String, String)]
    /// Stored validators: sent as If-None-Match / If-Modified-Since.
    public var validators: Validators?
    public var maxBodyBytes: Int?
    public var maxRedirects: Int?
    public var oversize: OversizeBehaviour
    /// Let libcurl follow redirects (up to `maxRedirects`). When false, a redirect comes back as
    /// the response, with its target in `HTTPResponse.redirectURL`: `Fetcher` follows each hop
    /// itself, through the checks of a new URL. The default is true.
    public var followRedirects: Bool = true
    /// Which addresses the transfer may connect to (checked on the address curl connects to,
    /// after DNS). The default is `.any`.
    public var addresses: AddressPolicy = .any
    /// What the request's source adds to each of its requests (robots.txt included). The
    /// default adds nothing.
    public var extras = Extras()

    /// A source's `headers`, `cookies` and `cookie_file`, for every request made on its behalf.
    public struct Extras: Sendable {
        /// Sent after the client's own headers; checked at configuration load.
        public var headers: [(String, String)]
        /// The fixed cookies as one `Cookie` value (`a=1; b=2`), sent through `CURLOPT_COOKIE`
        /// so that libcurl merges them with the jar's into one header.
        public var cookie: String?
        /// The source's cookie file, read and written by libcurl for its requests only.
        public var cookieJar: CookieJar?

        public init(headers: [(String, String)] = [], cookie: String? = nil, cookieJar: CookieJar? = nil) {
            self.headers = headers
            self.cookie = cookie
            self.cookieJar = cookieJar
        }
    }

    public init(
        url: String, method: Method = .get, headers: [(String, String)] = [],
        validators: Validators? = nil, maxBodyBytes: Int? = nil, maxRedirects: Int? = nil,
        oversize: OversizeBehaviour = .fail
    ) {
        self.url = url
        self.method = method
        self.headers = headers
        self.validators = validators
        self.maxBodyBytes = maxBodyBytes
        self.maxRedirects = maxRedirects
        self.oversize = oversize
    }
}
