import CCurl
import Foundation
import Synchronization

/// One libcurl easy handle with the options every transfer of a client shares, kept between
/// transfers by `EasyPool`: creating a handle, setting its two dozen options and freeing it again
/// cost a daemon answering 304s about a sixth of its CPU. curl keeps a handle's options from one
/// transfer to the next, so `EasyHandle` sets only what differs per request.
///
/// `@unchecked Sendable`: a pooled handle belongs to one `EasyHandle` at a time, and only the
/// thread running its transfer touches it meanwhile.
final class CurlEasy: @unchecked Sendable {
    let curl: UnsafeMutableRawPointer
    /// curl writes the last error's text here (`CURLOPT_ERRORBUFFER`).
    let errorBuffer: UnsafeMutablePointer<CChar>
    private var connectTo: UnsafeMutablePointer<curl_slist>?

    /// nil when curl cannot make a handle; throws when the linked libcurl refuses one of the
    /// client's options (the handle is freed, never pooled half-configured).
    init?(settings: HTTPClientSettings) throws(CurlOptionError) {
        guard let curl = curl_easy_init() else { return nil }
        self.curl = curl
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        try configure(settings)
    }

    deinit {
        curl_easy_cleanup(curl)
        if let connectTo { curl_slist_free_all(connectTo) }
        errorBuffer.deallocate()
    }

    private func configure(_ settings: HTTPClientSettings) throws(CurlOptionError) {
        try set(CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        // Threads and signals do not mix: curl must not use SIGALRM for DNS timeouts.
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_WRITEFUNCTION, easyWriteCallback)
        try set(CURLOPT_HEADERFUNCTION, easyHeaderCallback)

        try set(CURLOPT_PROTOCOLS_STR, settings.protocols)
        try set(CURLOPT_REDIR_PROTOCOLS_STR, settings.protocols)

        try set(CURLOPT_CONNECTTIMEOUT_MS, Int(settings.connectTimeout * 1000))
        try set(CURLOPT_TIMEOUT_MS, Int(settings.totalTimeout * 1000))
        try set(CURLOPT_LOW_SPEED_LIMIT, settings.lowSpeedLimit)
        try set(CURLOPT_LOW_SPEED_TIME, settings.lowSpeedTime)

        try set(CURLOPT_USERAGENT, settings.userAgent)
        // "" = advertise and decode every encoding this libcurl supports (gzip, deflate, br, zstd).
        try set(CURLOPT_ACCEPT_ENCODING, "")
        if settings.http2 {
            try set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
            try set(CURLOPT_PIPEWAIT, 1)
        } else {
            try set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        }
        if let proxy = settings.proxy { try set(CURLOPT_PROXY, proxy) }
        try set(CURLOPT_SSL_VERIFYPEER, settings.verifyTLS ? 1 : 0)
        try set(CURLOPT_SSL_VERIFYHOST, settings.verifyTLS ? 2 : 0)
        if let caInfo = settings.caInfo { try set(CURLOPT_CAINFO, caInfo) }
        connectTo = makeSlist(settings.connectTo)
        if let connectTo { try set(CURLOPT_CONNECT_TO, connectTo) }
    }
}

/// A curl_slist of `strings`, nil for none; the caller frees it with `curl_slist_free_all`
/// (curl keeps only the pointer).
func makeSlist(_ strings: [String]) -> UnsafeMutablePointer<curl_slist>? {
    var list: UnsafeMutablePointer<curl_slist>?
    for string in strings { list = curl_slist_append(list, string) }
    return list
}

/// Idle easy handles of one `HTTPClient`, at most `capacity` (its connection limit: no more
/// transfers run at once). A handle comes back when its transfer's `EasyHandle` goes away, by
/// then out of the multi handle.
final class EasyPool: Sendable {
    let settings: HTTPClientSettings
    let capacity: Int
    /// `settings.connectToSources` and `settings.usesProxy`, worked out once.
    let connectToSources: Set<String>
    let usesProxy: Bool
    private let idle = Mutex<[CurlEasy]>([])

    init(settings: HTTPClientSettings) {
        self.settings = settings
        capacity = max(settings.maxTotalConnections, 1)
        connectToSources = settings.connectToSources
        usesProxy = settings.usesProxy
    }

    func take() throws(CurlOptionError) -> CurlEasy? {
        if let easy = idle.withLock({ $0.popLast() }) { return easy }
        return try CurlEasy(settings: settings)
    }

    func give(_ easy: CurlEasy) {
        idle.withLock { if $0.count < capacity { $0.append(easy) } }
    }

    var idleCount: Int { idle.withLock { $0.count } }
}
