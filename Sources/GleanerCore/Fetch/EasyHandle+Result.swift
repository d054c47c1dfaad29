import CCurl
import Foundation

extension EasyHandle {
    /// The outcome of a finished transfer: a response, or the error with curl's text.
    func result(for code: CURLcode) -> Result<HTTPResponse, FetchError> {
        let method = request.method.rawValue
        if exceededLimit && request.oversize == .truncate && code == CURLE_WRITE_ERROR {
            return .success(response(truncated: true))
        }
        if exceededLimit || code == CURLE_FILESIZE_EXCEEDED {
            let detail = "body larger than \(bodyLimit) bytes (\(errorText(code)))"
            return .failure(FetchError(kind: .tooLarge, url: request.url, method: method, detail: detail))
        }
        if code != CURLE_OK, let refused = refusedAddress {
            let detail = "refused to connect to \(refused.address): a \(refused.kind) address"
                + " (allow_private_addresses = true on the source, or a connect_to entry, allows it)"
            return .failure(FetchError(kind: .addressRefused, url: request.url, method: method, detail: detail))
        }
        if code == CURLE_OUT_OF_MEMORY, !headersComplete {
            // curl reports a header past its buffer limit as "Out of memory".
            let detail = "the response headers are larger than libcurl accepts (\(errorText(code)))"
            return .failure(FetchError(kind: .headerTooLarge, url: request.url, method: method, detail: detail))
        }
        guard code == CURLE_OK else {
            return .failure(FetchError(kind: Self.kind(of: code), url: request.url, method: method, detail: errorText(code)))
        }
        return .success(response(truncated: false))
    }

    private func response(truncated: Bool) -> HTTPResponse {
        var status = 0
        _ = gl_easy_getinfo_long(curl, CURLINFO_RESPONSE_CODE, &status)
        var redirects = 0
        _ = gl_easy_getinfo_long(curl, CURLINFO_REDIRECT_COUNT, &redirects)
        var versionCode = 0
        _ = gl_easy_getinfo_long(curl, CURLINFO_HTTP_VERSION, &versionCode)
        var effective: UnsafeMutablePointer<CChar>?
        _ = gl_easy_getinfo_str(curl, CURLINFO_EFFECTIVE_URL, &effective)
        var location: UnsafeMutablePointer<CChar>?
        if !request.followRedirects { _ = gl_easy_getinfo_str(curl, CURLINFO_REDIRECT_URL, &location) }
        let version: HTTPResponse.Version = switch versionCode {
        case Int(CURL_HTTP_VERSION_1_0): .http1_0
        case Int(CURL_HTTP_VERSION_1_1): .http1_1
        case Int(CURL_HTTP_VERSION_2_0): .http2
        case Int(CURL_HTTP_VERSION_3): .http3
        default: .unknown
        }
        return HTTPResponse(
            status: status, headers: headers, finalURL: effective.map { String(cString: $0) } ?? request.url,
            body: status == 304 ? [] : body, version: version, timings: timings(),
            redirectCount: redirects, truncated: truncated, redirectURL: location.map { String(cString: $0) })
    }

    private func timings() -> HTTPResponse.Timings {
        func seconds(_ info: CURLINFO) -> TimeInterval {
            var micros: curl_off_t = 0
            _ = gl_easy_getinfo_off(curl, info, &micros)
            return TimeInterval(micros) / 1_000_000
        }
        return HTTPResponse.Timings(
            nameLookup: seconds(CURLINFO_NAMELOOKUP_TIME_T), connect: seconds(CURLINFO_CONNECT_TIME_T),
            startTransfer: seconds(CURLINFO_STARTTRANSFER_TIME_T), total: seconds(CURLINFO_TOTAL_TIME_T))
    }

    /// libcurl's codes folded into the few kinds logs and metrics count.
    static func kind(of code: CURLcode) -> FetchError.Kind {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: .dns
        case CURLE_COULDNT_CONNECT: .connect
        case CURLE_OPERATION_TIMEDOUT: .timeout
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND,
             CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_SHUTDOWN_FAILED: .tls
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING,
             CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_BAD_CONTENT_ENCODING, CURLE_WEIRD_SERVER_REPLY: .network
        case CURLE_TOO_MANY_REDIRECTS: .tooManyRedirects
        case CURLE_UNSUPPORTED_PROTOCOL: .protocolRefused
        case CURLE_URL_MALFORMAT: .invalidURL
        case CURLE_FILESIZE_EXCEEDED: .tooLarge
        case CURLE_ABORTED_BY_CALLBACK: .cancelled
        default: .other
        }
    }
}
