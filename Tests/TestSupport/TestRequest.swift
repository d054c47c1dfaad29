import Foundation

/// One request as the test server saw it.
public struct TestRequest: Sendable {
    public var method: String
    /// The request target as sent: path plus `?query`.
    public var target: String
    public var headers: [(name: String, value: String)]
    /// When the request head had arrived.
    public var receivedAt: Date
    /// Which connection carried it (keep-alive requests share one).
    public var connection: Int

    /// The path without the query.
    public var path: String { String(target.prefix { $0 != "?" }) }
    /// The query without `?`, if any.
    public var query: String? { target.firstIndex(of: "?").map { String(target[target.index(after: $0)...]) } }

    /// The first value of a header, case-insensitive.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Parses a request head (request line + header lines, without the blank line).
    static func parse(head: [UInt8], connection: Int) -> TestRequest? {
        // Split on CRLF bytes: "\r\n" is one Character in Swift, so split the bytes, not the String.
        var lines: [String] = []
        var start = 0
        for index in head.indices where head[index] == 0x0A {
            let end = index > start && head[index - 1] == 0x0D ? index - 1 : index
            lines.append(String(decoding: head[start..<end], as: UTF8.self))
            start = index + 1
        }
        if start < head.count { lines.append(String(decoding: head[start...], as: UTF8.self)) }
        guard let requestLine = lines.first else { return nil }
        let parts = requestLine.split(separator: " ")
        guard parts.count >= 2 else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return TestRequest(method: String(parts[0]), target: String(parts[1]), headers: headers, receivedAt: Date(), connection: connection)
    }
}
