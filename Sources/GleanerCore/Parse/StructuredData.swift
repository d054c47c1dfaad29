import Foundation

/// One page's JSON-LD objects and `<meta>` values, each read from the tree the first time a
/// field asks for them (`PageRun+Structured`), then kept for the page's other fields.
final class StructuredData {
    /// Top-level objects and `@graph` members of every valid JSON-LD block, in page order.
    var objects: [[String: JSONValue]]?
    /// Blocks that were not valid JSON: one sentence each (where, and what was wrong).
    var skipped: [String] = []
    /// `<meta>` content by lower-cased `name` and `property`, in page order.
    var metas: [String: [String]]?

    /// Whether a `<script type>` declares JSON-LD: `application/ld+json` in any case, with
    /// surrounding spaces and parameters (`; charset=utf-8`) ignored.
    static func isJSONLD(type: String?) -> Bool {
        guard let type else { return false }
        let media = type.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return media.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() == "application/ld+json"
    }

    /// The objects a block stands for: itself, the elements of a top-level array, and the
    /// members of `@graph` (nested graphs too), in order. Other nesting is left to paths.
    static func flatten(_ value: JSONValue, into out: inout [[String: JSONValue]]) {
        var stack: [JSONValue] = [value]
        while let v = stack.popLast() {
            switch v {
            case .array(let a):
                stack += a.reversed()
            case .object(let o):
                if let graph = o["@graph"] {
                    if o["@type"] != nil { out.append(o) }
                    stack.append(graph)
                } else {
                    out.append(o)
                }
            default:
                break
            }
        }
    }

    /// Adds one `<meta>` element to `index`: its `content` under its `name` and its `property`.
    static func index(name: String?, property: String?, content: String?, into index: inout [String: [String]]) {
        guard let content else { return }
        let n = key(name), p = key(property)
        if let n { index[n, default: []].append(content) }
        if let p, p != n { index[p, default: []].append(content) }
    }

    /// A meta name as looked up: trimmed and lower-cased (most are already, and skip the work).
    static func key(_ raw: String?) -> String? {
        guard let raw, !raw.isEmpty else { return nil }
        if raw.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x80 && !($0 >= 0x41 && $0 <= 0x5A) }) { return raw }
        let k = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return k.isEmpty ? nil : k
    }
}
