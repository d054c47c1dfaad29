import Foundation

/// What kind of network an IP address belongs to. Only `.public` addresses are reached unless a
/// source allows the others (`allow_private_addresses`) or a connect-to entry names the target:
/// a redirect or a link must not turn the crawler against the machine it runs on or its network
/// (an admin port on loopback, the cloud metadata service at 169.254.169.254).
public enum AddressClass: String, Sendable, Equatable, CustomStringConvertible {
    case `public`
    /// 127.0.0.0/8, ::1.
    case loopback
    /// 169.254.0.0/16, fe80::/10.
    case linkLocal = "link-local"
    /// 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7.
    case `private`
    /// 0.0.0.0/8, ::.
    case unspecified
    /// 224.0.0.0/4, 255.255.255.255, ff00::/8.
    case multicast

    public var description: String { rawValue }

    /// The class of an IPv4 address given as its four bytes in network order.
    public static func ipv4(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> AddressClass {
        switch (a, b) {
        case (127, _): .loopback
        case (169, 254): .linkLocal
        case (10, _), (172, 16...31), (192, 168): .private
        case (0, _): .unspecified
        case (224...239, _): .multicast
        case (255, 255) where c == 255 && d == 255: .multicast
        default: .public
        }
    }

    /// The class of an IPv6 address given as its sixteen bytes; IPv4-mapped (`::ffff:a.b.c.d`)
    /// and NAT64 (`64:ff9b::a.b.c.d`) addresses are judged by the IPv4 address inside.
    public static func ipv6(_ bytes: [UInt8]) -> AddressClass {
        guard bytes.count == 16 else { return .unspecified }
        let mapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
        let nat64 = bytes[0...3] == [0x00, 0x64, 0xFF, 0x9B] && bytes[4..<12].allSatisfy { $0 == 0 }
        if mapped || nat64 { return ipv4(bytes[12], bytes[13], bytes[14], bytes[15]) }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) {
            return bytes[15] == 1 ? .loopback : bytes[15] == 0 ? .unspecified : .public
        }
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return .linkLocal }
        if bytes[0] & 0xFE == 0xFC { return .private }
        if bytes[0] == 0xFF { return .multicast }
        return .public
    }

    /// The class of a textual IP address (`127.0.0.1`, `::1`, `[fe80::1]`); nil when `host` is
    /// a name rather than an address literal.
    public static func of(literal host: String) -> AddressClass? {
        var text = host
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { ipv4($0[0], $0[1], $0[2], $0[3]) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { ipv6(Array($0)) }
        }
        return nil
    }

    /// The class and text of a socket address (`sockaddr_in` or `sockaddr_in6`), as curl hands
    /// it to the open-socket callback; nil for other families.
    static func of(sockaddr pointer: UnsafeRawPointer, length: Int) -> (AddressClass, String)? {
        let family = pointer.load(fromByteOffset: 0, as: sa_family_t.self)
        if Int32(family) == AF_INET, length >= MemoryLayout<sockaddr_in>.size {
            var address = pointer.loadUnaligned(as: sockaddr_in.self).sin_addr
            let bytes = withUnsafeBytes(of: &address) { Array($0) }
            return (ipv4(bytes[0], bytes[1], bytes[2], bytes[3]), bytes.map(String.init).joined(separator: "."))
        }
        if Int32(family) == AF_INET6, length >= MemoryLayout<sockaddr_in6>.size {
            var address = pointer.loadUnaligned(as: sockaddr_in6.self).sin6_addr
            let bytes = withUnsafeBytes(of: &address) { Array($0) }
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            inet_ntop(AF_INET6, &address, &text, socklen_t(text.count))
            return (ipv6(bytes), String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return nil
    }
}

/// Which addresses a transfer may connect to.
public enum AddressPolicy: Sendable, Equatable {
    /// Any address (the plain `HTTPClient` default; tests of the client itself).
    case any
    /// Public addresses only, except where a connect-to entry of the client sends the URL's
    /// host and port: the operator chose that target.
    case publicOnly
}
