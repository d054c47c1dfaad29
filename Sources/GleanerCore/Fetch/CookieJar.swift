import CCurl
import Foundation

/// One source's cookie file (`cookie_file`), held in a libcurl share handle: the file is read
/// once when the jar is made, every transfer of the source attaches the share
/// (`CURLOPT_SHARE` + `CURLOPT_COOKIEJAR`), so cookies a server sets reach that source's next
/// request, and each transfer writes the jar back to the file as it ends. Pooled easy handles
/// detach the share before another source's request uses them, so no cookie crosses sources.
///
/// `@unchecked Sendable`: curl takes the share's locks (one mutex per kind of data) around every
/// use of the cookies, from the multi thread and from handles going away on other threads.
public final class CookieJar: @unchecked Sendable {
    /// The file libcurl reads at start and writes after each transfer (Netscape cookie format).
    public let path: String
    let share: UnsafeMutableRawPointer
    private let locks: UnsafeMutablePointer<pthread_mutex_t>
    private static let lockCount = Int(CURL_LOCK_DATA_LAST.rawValue)

    /// Reads `path`: a missing file is created empty, for this user only (0600), and a missing folder too.
    /// Throws when the folder cannot be made or libcurl refuses the share (the error says which).
    public init(path: String) throws(FetchError) {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw FetchError(kind: .other, url: path, detail: "cookie_file: cannot create \(folder): \(error.localizedDescription)")
            }
        }
        // Created private (0600) when missing: libcurl writes through a temporary file that
        // keeps the mode of the one it replaces, and the jar holds session secrets.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if fd >= 0 { close(fd) }
        locks = .allocate(capacity: Self.lockCount)
        for i in 0..<Self.lockCount { pthread_mutex_init(locks + i, nil) }
        guard let share = curl_share_init() else {
            Self.destroy(locks)
            throw FetchError(kind: .other, url: path, detail: "cookie_file: curl_share_init failed")
        }
        self.share = share
        let me = Unmanaged.passUnretained(self).toOpaque()
        let codes = [
            gl_share_setopt_ptr(share, CURLSHOPT_USERDATA, me),
            gl_share_setopt_lock_cb(share, CURLSHOPT_LOCKFUNC, cookieJarLock),
            gl_share_setopt_unlock_cb(share, CURLSHOPT_UNLOCKFUNC, cookieJarUnlock),
            gl_share_setopt_long(share, CURLSHOPT_SHARE, Int(CURL_LOCK_DATA_COOKIE.rawValue)),
        ]
        if let bad = codes.first(where: { $0 != CURLSHE_OK }) {
            throw FetchError(kind: .curlOption, url: path, detail: "cookie_file: curl_share_setopt: \(String(cString: curl_share_strerror(bad)))")
        }
        try load()
    }

    deinit {
        curl_share_cleanup(share)
        Self.destroy(locks)
    }

    private static func destroy(_ locks: UnsafeMutablePointer<pthread_mutex_t>) {
        for i in 0..<lockCount { pthread_mutex_destroy(locks + i) }
        locks.deallocate()
    }

    /// Reads the file into the share now (`CURLOPT_COOKIELIST "RELOAD"`) through a handle of
    /// its own, so no transfer reads it again over cookies set since.
    private func load() throws(FetchError) {
        guard let curl = curl_easy_init() else {
            throw FetchError(kind: .other, url: path, detail: "cookie_file: curl_easy_init failed")
        }
        defer { curl_easy_cleanup(curl) }
        let steps: [(String, () -> CURLcode)] = [
            ("CURLOPT_SHARE", { gl_easy_setopt_ptr(curl, CURLOPT_SHARE, self.share) }),
            ("CURLOPT_COOKIEFILE", { gl_easy_setopt_str(curl, CURLOPT_COOKIEFILE, self.path) }),
            ("CURLOPT_COOKIELIST", { gl_easy_setopt_str(curl, CURLOPT_COOKIELIST, "RELOAD") }),
            ("CURLOPT_SHARE", { gl_easy_setopt_ptr(curl, CURLOPT_SHARE, nil) }),
        ]
        for (name, step) in steps {
            let code = step()
            if code != CURLE_OK {
                throw FetchError(kind: .curlOption, url: path, detail: "cookie_file: \(name): \(String(cString: curl_easy_strerror(code)))")
            }
        }
    }

    fileprivate func lock(_ data: curl_lock_data) {
        let i = Int(data.rawValue)
        if i < Self.lockCount { pthread_mutex_lock(locks + i) }
    }

    fileprivate func unlock(_ data: curl_lock_data) {
        let i = Int(data.rawValue)
        if i < Self.lockCount { pthread_mutex_unlock(locks + i) }
    }
}

private let cookieJarLock: gl_share_lock_cb = { _, data, _, userData in
    Unmanaged<CookieJar>.fromOpaque(userData!).takeUnretainedValue().lock(data)
}

private let cookieJarUnlock: gl_share_unlock_cb = { _, data, userData in
    Unmanaged<CookieJar>.fromOpaque(userData!).takeUnretainedValue().unlock(data)
}
