import CCurl
import Foundation

/// One transfer on a pooled libcurl easy handle (`CurlEasy`): sets the options that differ per
/// request, collects the response through curl's callbacks, and gives the handle back to its
/// pool when it goes away, with the request's header list freed.
///
/// `@unchecked Sendable`: once submitted, only the multi loop's thread touches it;
/// `cancelRequested` is read and written under the loop's lock.
final class EasyHandle: @unchecked Sendable {
    let curl: UnsafeMutableRawPointer
    let request: HTTPRequest
    let bodyLimit: Int
    private let easy: CurlEasy
    private let pool: EasyPool
    private var headerList: UnsafeMutablePointer<curl_slist>?
    /// The source's cookie jar while its share is attached to the handle.
    private var attachedJar: CookieJar?

    private(set) var body: [UInt8] = []
    /// The final response's Content-Length when its body is not compressed.
    private var expectedLength: Int?
    private(set) var headers = HTTPHeaders()
    private(set) var exceededLimit = false
    /// False from a status line until the blank line that ends its headers.
    private(set) var headersComplete = false
    /// The address the open-socket callback refused last, and why.
    private(set) var refusedAddress: (address: String, kind: AddressClass)?
    var continuation: CheckedContinuation<Result<HTTPResponse, FetchError>, Never>?
    /// Guarded by the multi loop's lock.
    var cancelRequested = false

    /// Throws when curl cannot make a handle or refuses an option (the error names it).
    init(request: HTTPRequest, pool: EasyPool) throws(FetchError) {
        let taken: CurlEasy?
        do { taken = try pool.take() } catch { throw Self.optionFailure(error, request) }
        guard let easy = taken else {
            throw FetchError(kind: .other, url: request.url, method: request.method.rawValue, detail: "curl_easy_init failed")
        }
        self.easy = easy
        self.pool = pool
        self.curl = easy.curl
        self.request = request
        self.bodyLimit = request.maxBodyBytes ?? pool.settings.maxBodyBytes
        do { try configure(pool.settings) } catch { throw Self.optionFailure(error, request) }
    }

    static func optionFailure(_ error: CurlOptionError, _ request: HTTPRequest) -> FetchError {
        FetchError(kind: .curlOption, url: request.url, method: request.method.rawValue, detail: error.description)
    }

    deinit {
        // The handle is out of the multi by now (finished, cancelled or never added). Nothing
        // of this request stays armed: the next one sets every option below again.
        // A handle that still points at the freed list is not reused: it is freed with this one.
        let unset = Result { () throws(CurlOptionError) in
            try easy.set(CURLOPT_HTTPHEADER, nil as UnsafeMutablePointer<curl_slist>?)
            try detachJar()
        }
        if let headerList { curl_slist_free_all(headerList) }
        if case .success = unset { pool.give(easy) }
    }

    /// The handle behind a callback's user data (WRITEDATA, HEADERDATA, PRIVATE).
    static func from(userData: UnsafeMutableRawPointer?) -> EasyHandle {
        Unmanaged<EasyHandle>.fromOpaque(userData!).takeUnretainedValue()
    }

    // MARK: - Options

    /// Everything that differs per request; what a client's transfers share is set once per
    /// handle (`CurlEasy`).
    private func configure(_ settings: HTTPClientSettings) throws(CurlOptionError) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        easy.errorBuffer[0] = 0
        try easy.set(CURLOPT_URL, request.url)
        try easy.set(CURLOPT_PRIVATE, me)
        try easy.set(CURLOPT_WRITEDATA, me)
        try easy.set(CURLOPT_HEADERDATA, me)
        if request.method == .head {
            try easy.set(CURLOPT_NOBODY, 1)
        } else {
            try easy.set(CURLOPT_HTTPGET, 1)  // also undoes a HEAD's NOBODY
        }
        try easy.set(CURLOPT_FOLLOWLOCATION, request.followRedirects ? 1 : 0)
        try easy.set(CURLOPT_MAXREDIRS, request.maxRedirects ?? settings.maxRedirects)
        if checksAddresses {
            try easy.set(CURLOPT_OPENSOCKETFUNCTION, easyOpenSocketCallback)
            try easy.set(CURLOPT_OPENSOCKETDATA, me)
        } else {
            try easy.set(CURLOPT_OPENSOCKETFUNCTION, nil as gl_opensocket_cb?)
            try easy.set(CURLOPT_OPENSOCKETDATA, nil as UnsafeMutableRawPointer?)
        }
        // Content-Length checked up front; the write callback catches what inflates or lies.
        try easy.set(CURLOPT_MAXFILESIZE_LARGE, offset: request.oversize == .fail ? curl_off_t(bodyLimit) : 0)
        // A stored validator is the server's text: one that could break the header is not sent.
        let validators = (request.validators?.requestHeaders ?? []).filter { HTTPHeaders.isSafeValue($0.1) }
        let headerLines = (request.headers + request.extras.headers + validators).map { "\($0.0): \($0.1)" }
        headerList = makeSlist(headerLines)
        try easy.set(CURLOPT_HTTPHEADER, headerList)
        if let cookie = request.extras.cookie {
            try easy.set(CURLOPT_COOKIE, cookie)
        } else {
            try easy.set(CURLOPT_COOKIE, nil as UnsafeMutableRawPointer?)
        }
        if let jar = request.extras.cookieJar {
            attachedJar = jar
            try easy.set(CURLOPT_SHARE, jar.share)
            try easy.set(CURLOPT_COOKIEJAR, jar.path)
        }
    }

    /// Writes the jar's cookies to its file and takes the share off the handle, so the pooled
    /// handle goes to its next request (maybe another source's) with no cookie engine at all.
    /// The order matters: unsetting COOKIEJAR while the share is attached keeps the share's
    /// cookies; unsetting it after would start an empty private jar on the handle.
    private func detachJar() throws(CurlOptionError) {
        guard attachedJar != nil else { return }
        try easy.set(CURLOPT_COOKIELIST, "FLUSH")
        try easy.set(CURLOPT_COOKIEJAR, nil as UnsafeMutableRawPointer?)
        try easy.set(CURLOPT_SHARE, nil as UnsafeMutableRawPointer?)
        // Drops any private jar the steps above may have left and turns the engine off.
        try easy.set(CURLOPT_COOKIEFILE, nil as UnsafeMutableRawPointer?)
        attachedJar = nil
    }

    /// Whether the open-socket callback judges this transfer's addresses: not for `.any`, not
    /// where a connect-to entry sends the URL (the operator's choice), and not through a proxy
    /// (the socket then goes to the proxy; `Fetcher` checks address literals itself).
    private var checksAddresses: Bool {
        guard request.addresses == .publicOnly, !pool.usesProxy else { return false }
        guard !pool.connectToSources.isEmpty else { return true }
        guard let url = URLComponents(string: request.url), let host = url.encodedHost else { return true }
        let port = url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
        return !HTTPClientSettings.matches(pool.connectToSources, host: host, port: port)
    }

    // MARK: - Callbacks

    /// May curl connect to this address? Refusals are remembered for the error.
    fileprivate func admit(_ address: UnsafeRawPointer, length: Int) -> Bool {
        guard let (kind, text) = AddressClass.of(sockaddr: address, length: length) else { return true }
        if kind == .public { return true }
        refusedAddress = (text, kind)
        return false
    }

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
            headersComplete = false
        } else if bytes.allSatisfy({ $0 == 0x0D || $0 == 0x0A }) {
            headersComplete = true
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
        let text = String(cString: easy.errorBuffer)
        return text.isEmpty ? String(cString: curl_easy_strerror(code)) : text
    }
}

let easyWriteCallback: gl_data_cb = { pointer, size, count, userData in
    let handle = EasyHandle.from(userData: userData)
    let length = size * count
    return handle.receiveBody(UnsafeRawBufferPointer(start: pointer, count: length)) ? length : 0
}

let easyHeaderCallback: gl_data_cb = { pointer, size, count, userData in
    let length = size * count
    EasyHandle.from(userData: userData).receiveHeader(UnsafeRawBufferPointer(start: pointer, count: length))
    return length
}

/// Opens the socket curl asks for, unless the address is one the transfer may not reach.
let easyOpenSocketCallback: gl_opensocket_cb = { userData, _, address in
    guard let address else { return gl_socket_bad() }
    let handle = EasyHandle.from(userData: userData)
    let offset = MemoryLayout<curl_sockaddr>.offset(of: \curl_sockaddr.addr)!
    let sockaddr = UnsafeRawPointer(address).advanced(by: offset)
    guard handle.admit(sockaddr, length: Int(address.pointee.addrlen)) else { return gl_socket_bad() }
    return socket(address.pointee.family, address.pointee.socktype, address.pointee.protocol)
}
