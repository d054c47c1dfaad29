import GleanerModel
import CCurl
import Foundation
import Logging

/// An HTTP client on libcurl's multi interface: one thread runs every transfer; `fetch` suspends
/// until its transfer is done. It follows redirects (unless the request says not to), judges
/// the addresses it connects to by the request's `AddressPolicy`, and enforces the limits in
/// `HTTPClientSettings`, but knows nothing of robots.txt or politeness: for crawling use
/// `Fetcher`, which composes those over this client. Statuses are not errors here — a 404 is a
/// response.
public final class HTTPClient: Sendable {
    public let settings: HTTPClientSettings
    private let loop: MultiLoop
    /// Easy handles kept between transfers (`CurlEasy`).
    private let easyPool: EasyPool
    private let logger: Logger

    public init(settings: HTTPClientSettings = HTTPClientSettings(), logger: Logger = Logger(label: "gleaner.fetch.http")) {
        self.settings = settings
        self.logger = logger
        loop = MultiLoop(settings: settings)
        easyPool = EasyPool(settings: settings)
    }

    deinit { loop.shutdown() }

    /// Runs one transfer. Cancelling the calling Task aborts it and returns `.cancelled`.
    public func fetch(_ request: HTTPRequest) async -> Result<HTTPResponse, FetchError> {
        if let problem = Self.headerProblem(request.headers + request.extras.headers, userAgent: settings.userAgent)
            ?? request.extras.cookie.flatMap({ HTTPHeaders.isSafeValue($0) ? nil : "the Cookie \($0.debugDescription) contains a control character (CR, LF, ...)" }) {
            return .failure(FetchError(kind: .invalidHeader, url: request.url, method: request.method.rawValue, detail: problem))
        }
        let handle: EasyHandle
        do { handle = try EasyHandle(request: request, pool: easyPool) } catch { return .failure(error) }
        let loop = self.loop
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                handle.continuation = continuation
                loop.submit(handle)
            }
        } onCancel: {
            loop.cancel(handle)
        }
        switch result {
        case .success(let response):
            logger.debug("fetched", metadata: [
                "fetch.url": "\(request.url)", "fetch.status": "\(response.status)",
                "fetch.bytes": "\(response.body.count)", "fetch.seconds": "\(response.timings.total)",
            ])
        case .failure(let error):
            logger.debug("fetch failed", metadata: ["fetch.url": "\(request.url)", "fetch.error": "\(error.kind)", "fetch.detail": "\(error.detail)"])
        }
        return result
    }

    /// Why these headers may not be sent (a CR or LF would end the line and start a header of
    /// the value's choosing), or nil when they may.
    static func headerProblem(_ headers: [(String, String)], userAgent: String) -> String? {
        if !HTTPHeaders.isSafeValue(userAgent) {
            return "the User-Agent \(userAgent.debugDescription) contains a control character (CR, LF, ...)"
        }
        for (name, value) in headers {
            if !HTTPHeaders.isSafeName(name) { return "header name \(name.debugDescription) is not an HTTP token" }
            if !HTTPHeaders.isSafeValue(value) {
                return "header \(name) has a control character (CR, LF, ...) in its value \(value.debugDescription)"
            }
        }
        return nil
    }

    /// GET `url`, optionally conditional on stored validators.
    public func get(_ url: String, headers: [(String, String)] = [], validators: Validators? = nil) async -> Result<HTTPResponse, FetchError> {
        await fetch(HTTPRequest(url: url, headers: headers, validators: validators))
    }

    /// The libcurl version in use, e.g. "7.88.1".
    public static var curlVersion: String { String(cString: gl_version_info().pointee.version) }
}
