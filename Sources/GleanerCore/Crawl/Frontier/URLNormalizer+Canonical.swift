extension URLNormalizer {
    /// True when `normalize` would return `reference` unchanged, decided on bytes without
    /// Foundation: the common case of a link the parser already normalised. Conservative: any
    /// doubt (a `%`, a port, a fragment, dot segments, an empty or tracking parameter, a host
    /// that is not the canonical one) answers false and the full path decides.
    static func isCanonical(_ reference: String, scope: FrontierScope?) -> Bool {
        var ref = reference
        return ref.withUTF8 { b -> Bool in
            let prefix: Int
            if startsWith(b, "http://") { prefix = 7 } else if startsWith(b, "https://") { prefix = 8 } else { return false }
            var i = prefix
            // Host: lower-case letters, digits, '-' and '.'; no user info, no port.
            while i < b.count, b[i] != 0x2F, b[i] != 0x3F {
                let c = b[i]
                guard (0x61...0x7A).contains(c) || (0x30...0x39).contains(c) || c == 0x2D || c == 0x2E else { return false }
                i += 1
            }
            guard i > prefix, i < b.count, b[i] == 0x2F else { return false }
            let host = String(decoding: b[prefix..<i], as: UTF8.self)
            // A last label starting with a digit may be an IPv4 number form, an `xn--` label
            // needs IDNA validation: the full path decides.
            var lastLabel = i - 1
            while lastLabel > prefix, b[lastLabel - 1] != 0x2E { lastLabel -= 1 }
            if (0x30...0x39).contains(b[lastLabel]) || b[lastLabel] == 0x2E || host.contains("xn--") { return false }
            if let scope {
                if let canonical = scope.canonicalHost { guard host == canonical else { return false } }
                guard scope.hosts.contains(host) else { return false }
            }
            // Path: printable ASCII Foundation keeps as is, no dot segments.
            let pathStart = i
            while i < b.count, b[i] != 0x3F {
                guard isPlain(b[i]) else { return false }
                if b[i] == 0x2E, b[i - 1] == 0x2F { return false }
                i += 1
            }
            guard i > pathStart else { return false }
            guard i < b.count else { return true }
            // Query: non-empty pairs, none of them a tracking parameter.
            i += 1
            var pairStart = i
            while true {
                let atEnd = i == b.count
                if atEnd || b[i] == 0x26 {
                    guard i > pairStart else { return false }
                    var nameEnd = pairStart
                    while nameEnd < i, b[nameEnd] != 0x3D { nameEnd += 1 }
                    if let scope, !scope.trackingParameters.isEmpty,
                       scope.isTracking(parameter: String(decoding: b[pairStart..<nameEnd], as: UTF8.self)) { return false }
                    if atEnd { return true }
                    pairStart = i + 1
                } else if !isPlain(b[i]) || b[i] == 0x3F || b[i] == 0x27 {
                    // `'` is in the special-query percent-encode set.
                    return false
                }
                i += 1
            }
        }
    }

    private static func startsWith(_ b: UnsafeBufferPointer<UInt8>, _ prefix: StaticString) -> Bool {
        guard b.count >= prefix.utf8CodeUnitCount else { return false }
        let p = prefix.utf8Start
        for k in 0..<prefix.utf8CodeUnitCount where b[k] != p[k] { return false }
        return true
    }

    /// Printable ASCII that needs no percent-encoding and no fragment or escape handling.
    private static func isPlain(_ c: UInt8) -> Bool {
        switch c {
        case 0x21, 0x24, 0x26...0x3B, 0x3D, 0x3F...0x5A, 0x5F, 0x61...0x7A, 0x7E: true
        default: false
        }
    }
}
