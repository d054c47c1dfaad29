import CCurl
import Foundation

/// Owns one libcurl easy handle for one transfer, with its header lists and error buffer, and
/// collects the response through curl's callbacks.
///
/// `@unchecked Sendable`: once submitted, only the multi loop's thread touches it;
/// `cancelRequested` is read and written under the loop's lock.
final class EasyHandle: @unchecked Sendable {
    let curl: UnsafeMutableRawPointer
    let request: HTTPRequest
    let bodyLimit: Int
    private var slists: [UnsafeMutablePointer<curl_slist>] = []
    private let errorBuffer: UnsafeMutablePointer<CChar>

    private(set) var body: [UInt8] = []
    /// The final response's Content-Length when its body is not compressed.
    private var expectedLength: Int?
    private(set) var headers = HTTPHeaders()
    private(set) var exceededLimit = false
    var continuation: CheckedContinuation<Result<HTTPResponse, FetchError>, Never>?
    /// Guarded by the multi loop's lock.
    var cancelRequested = false

    init(request: HTTPRequest, settings: HTTPClientSettings) throws(FetchError) {
        guard let curl = curl_easy_init() else {
            throw FetchError(kind: .other, url: request.url, method: request.method.rawValue, detail: "curl_easy_init failed")
        }
        self.curl = curl
        self.request = request
        self.bodyLimit = request.maxBodyBytes ?? settings.maxBodyBytes
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        configure(settings)
    }

    deinit {
        curl_easy_cleanup(curl)
        for list in slists { curl_slist_free_all(list) }
        errorBuffer.deallocate()
    }

    /// The handle behind a callback's user data (WRITEDATA, HEADERDATA, PRIVATE).
    static func from(userData: UnsafeMutableRawPointer?) -> EasyHandle {
        Unmanaged<EasyHandle>.fromOpaque(userData!).takeUnretainedValue()
    }

    // MARK: - Options

    private func configure(_ settings: HTTPClientSettings) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        _ = gl_easy_setopt_str(curl, CURLOPT_URL, request.url)
        _ = gl_easy_setopt_ptr(curl, CURLOPT_PRIVATE, me)
        _ = gl_easy_setopt_ptr(curl, CURLOPT_ERRORBUFFER, errorBuffer)
        // Threads and signals do not mix: curl must not use SIGALRM for DNS timeouts.
        _ = gl_easy_setopt_long(curl, CURLOPT_NOSIGNAL, 1)
        _ = gl_easy_setopt_data_cb(curl, CURLOPT_WRITEFUNCTION, easyWriteCallback)
        _ = gl_easy_setopt_ptr(curl, CURLOPT_WRITEDATA, me)
        _ = gl_easy_setopt_data_cb(curl, CURLOPT_HEADERFUNCTION, easyHeaderCallback)
        _ = gl_easy_setopt_ptr(curl, CURLOPT_HEADERDATA, me)
        if request.method == .head { _ = gl_easy_setopt_long(curl, CURLOPT_NOBODY, 1) }

        _ = gl_easy_setopt_long(curl, CURLOPT_FOLLOWLOCATION, 1)
        _ = gl_easy_setopt_long(curl, CURLOPT_MAXREDIRS, request.maxRedirects ?? settings.maxRedirects)
        _ = gl_easy_setopt_str(curl, CURLOPT_PROTOCOLS_STR, settings.protocols)
        _ = gl_easy_setopt_str(curl, CURLOPT_REDIR_PROTOCOLS_STR, settings.protocols)

        _ = gl_easy_setopt_long(curl, CURLOPT_CONNECTTIMEOUT_MS, Int(settings.connectTimeout * 1000))
        _ = gl_easy_setopt_long(curl, CURLOPT_TIMEOUT_MS, Int(settings.totalTimeout * 1000))
        _ = gl_easy_setopt_long(curl, CURLOPT_LOW_SPEED_LIMIT, settings.lowSpeedLimit)
        _ = gl_easy_setopt_long(curl, CURLOPT_LOW_SPEED_TIME, settings.lowSpeedTime)
        // Content-Length checked up front; the write callback catches what inflates or lies.
        if request.oversize == .fail { _ = gl_easy_setopt_off(curl, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(bodyLimit)) }

        _ = gl_easy_setopt_str(curl, CURLOPT_USERAGENT, settings.userAgent)
        // "" = advertise and decode every encoding this libcurl supports (gzip, deflate, br, zstd).
        _ = gl_easy_setopt_str(curl, CURLOPT_ACCEPT_ENCODING, "")
        if settings.http2 {
            _ = gl_easy_setopt_long(curl, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
            _ = gl_easy_setopt_long(curl, CURLOPT_PIPEWAIT, 1)
        } else {
            _ = gl_easy_setopt_long(curl, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        }
        if let proxy = settings.proxy { _ = gl_easy_setopt_str(curl, CURLOPT_PROXY, proxy) }
        _ = gl_easy_setopt_long(curl, CURLOPT_SSL_VERIFYPEER, settings.verifyTLS ? 1 : 0)
        _ = gl_easy_setopt_long(curl, CURLOPT_SSL_VERIFYHOST, settings.verifyTLS ? 2 : 0)
        if let caInfo = settings.caInfo { _ = gl_easy_setopt_str(curl, CURLOPT_CAINFO, caInfo) }
        if let list = makeList(settings.connectTo) { _ = gl_easy_setopt_slist(curl, CURLOPT_CONNECT_TO, list) }

        let headerLines = (request.headers + (request.validators?.requestHeaders ?? [])).map { "\($0.0): \($0.1)" }
        if let list = makeList(headerLines) { _ = gl_easy_setopt_slist(curl, CURLOPT_HTTPHEADER, list) }
    }

    /// A curl_slist freed in deinit (curl keeps only the pointer).
    private func makeList(_ strings: [String]) -> UnsafeMutablePointer<curl_slist>? {
        guard !strings.isEmpty else { return nil }
        var list: UnsafeMutablePointer<curl_slist>?
        for string in strings { list = curl_slist_append(list, string) }
        if let list { slists.append(list) }
        return list
    }

    // MARK: - Callbacks

    /// Returns false to abort the transfer: past the limit, bytes are refused as they arrive
    /// (decoded bytes, so a small compressed bomb cannot inflate past it).
    fileprivate func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if body.count + bytes.count > bodyLimit {
            let room = bodyLimit - body.count
            if room > 0 { body.append(contentsOf: bytes.prefix(room)) }
            exceededLimit = true
            return false
        }
        if body.isEmpty, let expected = expectedLength {
            // One allocation of the announced size instead of doubling up to twice the page
            // (capped: a lying header costs at most untouched address space).
            body.reserveCapacity(min(expected, bodyLimit, 4 << 20))
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Each status line starts a new response (a redirect hop, a 100 Continue): only the
    /// final response's headers are kept.
    fileprivate func receiveHeader(_ bytes: UnsafeRawBufferPointer) {
        if bytes.starts(with: "HTTP/".utf8) {
            headers = HTTPHeaders()
            body = []
            expectedLength = nil
        } else if let field = HTTPHeaders.parseLine(bytes) {
            headers.append(name: field.name, value: field.value)
            // Content-Length counts the bytes on the wire: a compressed body decodes to more.
            if field.name.caseInsensitiveEquals("content-length") {
                if headers["Content-Encoding"] == nil {
                    expectedLength = Int(field.value.trimmingCharacters(in: .whitespaces)).flatMap { $0 >= 0 ? $0 : nil }
                }
            } else if field.name.caseInsensitiveEquals("content-encoding") {
                expectedLength = nil
            }
        }
    }

    /// curl's message for the last error, else its generic text for the code.
    func errorText(_ code: CURLcode) -> String {
        let text = String(cString: errorBuffer)
        return text.isEmpty ? String(cString: curl_easy_strerror(code)) : text
    }
}

private let easyWriteCallback: gl_data_cb = { pointer, size, count, userData in
    let handle = EasyHandle.from(userData: userData)
    let length = size * count
    return handle.receiveBody(UnsafeRawBufferPointer(start: pointer, count: length)) ? length : 0
}

private let easyHeaderCallback: gl_data_cb = { pointer, size, count, userData in
    let length = size * count
    EasyHandle.from(userData: userData).receiveHeader(UnsafeRawBufferPointer(start: pointer, count: length))
    return length
}
