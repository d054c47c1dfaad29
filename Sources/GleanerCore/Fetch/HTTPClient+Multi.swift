import CCurl
import Foundation

/// The curl multi handle and the one thread that drives it: perform → drain finished transfers →
/// poll. Other threads hand transfers in (and cancel them) under `lock` and wake the poll with
/// `curl_multi_wakeup`; only the loop thread touches the multi handle and the easy handles.
final class MultiLoop: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer
    private let lock = NSLock()
    // Guarded by `lock`.
    private var incoming: [EasyHandle] = []
    private var cancels: [EasyHandle] = []
    private var stopping = false
    /// A multi option libcurl refused: every transfer fails with it instead of running unlimited.
    private let setupError: CurlOptionError?
    // Loop thread only.
    private var active: [ObjectIdentifier: EasyHandle] = [:]

    init(settings: HTTPClientSettings) {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        let multi: UnsafeMutableRawPointer = curl_multi_init()
        self.multi = multi
        func set(_ option: CURLMoption, _ name: String, _ value: Int) throws(CurlOptionError) {
            try CurlOptionError.check(gl_multi_setopt_long(multi, option, value), name)
        }
        do {
            try set(CURLMOPT_MAX_TOTAL_CONNECTIONS, "CURLMOPT_MAX_TOTAL_CONNECTIONS", settings.maxTotalConnections)
            // Keep every connection the limit allows for reuse. By default curl keeps four per
            // transfer still in the multi, so as a run's last pages finish it closed most of them,
            // and each run of a daemon began with new TCP connections. (Idle ones still expire.)
            try set(CURLMOPT_MAXCONNECTS, "CURLMOPT_MAXCONNECTS", settings.maxTotalConnections)
            try set(CURLMOPT_MAX_HOST_CONNECTIONS, "CURLMOPT_MAX_HOST_CONNECTIONS", settings.maxConnectionsPerHost)
            try set(CURLMOPT_PIPELINING, "CURLMOPT_PIPELINING", Int(CURLPIPE_MULTIPLEX))
            setupError = nil
        } catch {
            setupError = error
        }
        let thread = Thread { [self] in run() }
        thread.name = "gleaner-curl-multi"
        thread.start()
    }

    /// Hands a transfer to the loop; it resumes `handle.continuation` when done.
    func submit(_ handle: EasyHandle) {
        if let setupError {
            handle.finish(.failure(EasyHandle.optionFailure(setupError, handle.request)))
            return
        }
        lock.lock()
        if handle.cancelRequested || stopping {
            lock.unlock()
            handle.finish(.failure(handle.cancelledError()))
            return
        }
        incoming.append(handle)
        lock.unlock()
        curl_multi_wakeup(multi)
    }

    /// Asks the loop to abort a transfer (a cancelled Task); harmless if it already finished.
    func cancel(_ handle: EasyHandle) {
        lock.lock()
        handle.cancelRequested = true
        cancels.append(handle)
        lock.unlock()
        curl_multi_wakeup(multi)
    }

    /// Ends the loop: running transfers finish as cancelled, then the multi handle is freed.
    func shutdown() {
        lock.lock()
        stopping = true
        lock.unlock()
        curl_multi_wakeup(multi)
    }

    private func run() {
        while true {
            lock.lock()
            let added = incoming, cancelled = cancels, stop = stopping
            incoming = []
            cancels = []
            lock.unlock()

            for handle in added {
                let code = curl_multi_add_handle(multi, handle.curl)
                if code == CURLM_OK {
                    active[ObjectIdentifier(handle)] = handle
                } else {
                    let detail = String(cString: curl_multi_strerror(code))
                    handle.finish(.failure(FetchError(kind: .other, url: handle.request.url, method: handle.request.method.rawValue, detail: detail)))
                }
            }
            for handle in cancelled where active.removeValue(forKey: ObjectIdentifier(handle)) != nil {
                curl_multi_remove_handle(multi, handle.curl)
                handle.finish(.failure(handle.cancelledError()))
            }
            if stop { break }

            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            drainFinished()
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        for handle in active.values {
            curl_multi_remove_handle(multi, handle.curl)
            handle.finish(.failure(handle.cancelledError()))
        }
        active = [:]
        curl_multi_cleanup(multi)
    }

    private func drainFinished() {
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let code = message.pointee.data.result
            var userData: UnsafeMutableRawPointer?
            _ = gl_easy_getinfo_ptr(easy, CURLINFO_PRIVATE, &userData)
            let handle = EasyHandle.from(userData: userData)
            curl_multi_remove_handle(multi, easy)
            active.removeValue(forKey: ObjectIdentifier(handle))
            handle.finish(handle.result(for: code))
        }
    }
}

extension EasyHandle {
    /// Resumes the waiting fetch exactly once (the loop, or `submit` before the loop saw it).
    func finish(_ result: Result<HTTPResponse, FetchError>) {
        let continuation = self.continuation
        self.continuation = nil
        continuation?.resume(returning: result)
    }

    func cancelledError() -> FetchError {
        FetchError(kind: .cancelled, url: request.url, method: request.method.rawValue, detail: "the fetch was cancelled")
    }
}
