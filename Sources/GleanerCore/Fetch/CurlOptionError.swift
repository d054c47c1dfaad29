import CCurl

/// A libcurl option the linked library refused (an unknown protocol name, a value out of
/// range, an option this build lacks): which option, curl's code and its text. Every
/// `curl_easy_setopt` and `curl_multi_setopt` result goes through `check`, so none is dropped.
struct CurlOptionError: Error, CustomStringConvertible, Sendable {
    /// The option's name as curl's documentation spells it, e.g. `CURLOPT_PROTOCOLS_STR`.
    var option: String
    var code: Int
    var text: String

    var description: String { "libcurl refused \(option): \(text) (curl code \(code))" }

    /// Throws unless an easy option was accepted; the option is named by libcurl's own table.
    @inline(__always)
    static func check(_ code: CURLcode, _ option: CURLoption) throws(CurlOptionError) {
        guard code != CURLE_OK else { return }
        let name = curl_easy_option_by_id(option).map { "CURLOPT_" + String(cString: $0.pointee.name) }
        throw CurlOptionError(option: name ?? "curl option \(option.rawValue)", code: Int(code.rawValue),
                              text: String(cString: curl_easy_strerror(code)))
    }

    /// Throws unless a multi option was accepted (curl has no name table for these: `name` says it).
    static func check(_ code: CURLMcode, _ name: String) throws(CurlOptionError) {
        guard code != CURLM_OK else { return }
        throw CurlOptionError(option: name, code: Int(code.rawValue), text: String(cString: curl_multi_strerror(code)))
    }
}

extension CurlEasy {
    // One typed setter per shim wrapper; each result is checked by `CurlOptionError.check`.

    func set(_ option: CURLoption, _ value: Int) throws(CurlOptionError) {
        try CurlOptionError.check(gl_easy_setopt_long(curl, option, value), option)
    }

    func set(_ option: CURLoption, offset value: curl_off_t) throws(CurlOptionError) {
        try CurlOptionError.check(gl_easy_setopt_off(curl, option, value), option)
    }

    func set(_ option: CURLoption, _ value: String) throws(CurlOptionError) {
        try CurlOptionError.check(gl_easy_setopt_str(curl, option, value), option)
    }

    func set(_ option: CURLoption, _ value: UnsafeMutableRawPointer?) throws(CurlOptionError) {
        try CurlOptionError.check(gl_easy_setopt_ptr(curl, option, value), option)
    }

    func set(_ option: CURLoption, _ value: UnsafeMutablePointer<curl_slist>?) throws(CurlOptionError) {
        try CurlOptionError.check(gl_easy_setopt_slist(curl, option, value), option)
    }

    func set(_ option: CURLoption, _ value: gl_data_cb) throws(CurlOptionError) {
        try CurlOptionError.check(gl_easy_setopt_data_cb(curl, option, value), option)
    }

    func set(_ option: CURLoption, _ value: gl_opensocket_cb?) throws(CurlOptionError) {
        try CurlOptionError.check(gl_easy_setopt_opensocket_cb(curl, option, value), option)
    }
}
