/// A `jsonld` source as written in a parser file: `Types.step.step…`.
///
/// - `Types` is one schema.org type or alternatives `NewsArticle|Article`, or `*` for any
///   object; it selects the page's top-level JSON-LD objects (and `@graph` members) whose
///   `@type` (a string or an array) names one of them.
/// - A step is a member name; `name[]` takes every element when the member is an array and the
///   member itself when it is not (`author[].name` reads one author object or a list of them).
///   A step without `[]` that meets an array yields nothing.
/// - The path must end at strings, numbers or booleans; numbers and booleans give their JSON
///   text. An object or null at the end yields nothing: it is never turned into text.
public struct JSONLDPath: Sendable, Equatable, CustomStringConvertible {
    public struct Step: Sendable, Equatable {
        public var key: String
        public var each: Bool
    }

    /// The path as written.
    public let text: String
    /// Type names, without a schema.org prefix; empty for `*`.
    public let types: [String]
    public let steps: [Step]

    public var description: String { text }

    struct SyntaxError: Error, CustomStringConvertible {
        var description: String
    }

    init(_ text: String) throws {
        self.text = text
        let example = "(e.g. \"NewsArticle.headline\" or \"NewsArticle|Article.author[].name\")"
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2 else {
            throw SyntaxError(description: "'\(text)' needs a type and a path to a value \(example)")
        }
        let typeText = parts[0]
        if typeText == "*" {
            types = []
        } else {
            let names = typeText.split(separator: "|", omittingEmptySubsequences: false)
            for n in names where !Self.isTypeName(n) {
                throw SyntaxError(description: n.isEmpty
                    ? "'\(text)' has an empty type name before the first '.' \(example)"
                    : "'\(text)': '\(n)' is not a type name (letters, digits, '_', '-', ':' only; alternatives separated by '|')")
            }
            types = names.map { Self.bareType(String($0)) }
        }
        var steps: [Step] = []
        for p in parts.dropFirst() {
            var key = p
            var each = false
            if key.hasSuffix("[]") {
                key = key.dropLast(2)
                each = true
            }
            if key.isEmpty {
                throw SyntaxError(description: "'\(text)' has an empty step (two dots, or a dot at the end) \(example)")
            }
            if key.contains("[") || key.contains("]") {
                throw SyntaxError(description: "'\(text)': step '\(p)' is not valid: only 'name[]' (every element of an array) is supported, no indexes")
            }
            if let bad = key.first(where: { $0 == "|" || $0 == "*" || $0.isWhitespace }) {
                throw SyntaxError(description: "'\(text)': step '\(p)' contains '\(bad)' (a step is a member name such as author or @id)")
            }
            steps.append(Step(key: String(key), each: each))
        }
        self.steps = steps
    }

    /// The type as compared: `https://schema.org/NewsArticle` and `schema:NewsArticle` are
    /// `NewsArticle`.
    static func bareType(_ t: String) -> String {
        for prefix in ["http://schema.org/", "https://schema.org/", "schema:"] where t.hasPrefix(prefix) {
            return String(t.dropFirst(prefix.count))
        }
        return t
    }

    private static func isTypeName(_ s: Substring) -> Bool {
        !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ":") }
    }

    /// Whether an object is one this path starts from.
    func selects(_ object: [String: JSONValue]) -> Bool {
        if types.isEmpty { return true }
        let declared: [String]
        switch object["@type"] {
        case .string(let s)?: declared = [s]
        case .array(let a)?: declared = a.compactMap { v -> String? in if case .string(let s) = v { return s }; return nil }
        default: return false
        }
        return declared.contains { d in
            let bare = Self.bareType(d).lowercased()
            return types.contains { $0.lowercased() == bare }
        }
    }

    /// The values the path reaches from the page's objects, in document order.
    func values(in objects: [[String: JSONValue]]) -> [String] {
        walk(objects).compactMap(\.scalarText)
    }

    private func walk(_ objects: [[String: JSONValue]]) -> [JSONValue] {
        var current = objects.filter(selects).map(JSONValue.object)
        for step in steps {
            var next: [JSONValue] = []
            for case .object(let o) in current {
                guard let v = o[step.key] else { continue }
                if case .array(let a) = v {
                    if step.each { next += a }
                } else {
                    next.append(v)
                }
            }
            current = next
        }
        return current
    }

    /// Why the path reached no value, for a reject: which step found nothing and what it found.
    func whyEmpty(in objects: [[String: JSONValue]]) -> String {
        let start = objects.filter(selects)
        if start.isEmpty {
            var present: [String] = []
            for o in objects {
                switch o["@type"] {
                case .string(let s)?: present.append(s)
                case .array(let a)?: present += a.compactMap(\.scalarText)
                default: break
                }
            }
            return objects.isEmpty ? "the page has no JSON-LD" : "no JSON-LD object of type \(types.joined(separator: " or ")) (the page has: \(present.isEmpty ? "untyped objects" : present.joined(separator: ", ")))"
        }
        var current = start.map(JSONValue.object)
        var path = types.isEmpty ? "*" : types.joined(separator: "|")
        for step in steps {
            var next: [JSONValue] = []
            var found: [JSONValue] = []
            for case .object(let o) in current {
                guard let v = o[step.key] else { continue }
                found.append(v)
                if case .array(let a) = v { if step.each { next += a } } else { next.append(v) }
            }
            let before = path
            path += ".\(step.key)\(step.each ? "[]" : "")"
            if next.isEmpty {
                if let first = found.first, case .array = first, !step.each {
                    return "\(path) is \(first.kindDescription): write \(step.key)[] to take its elements"
                }
                if found.isEmpty, current.contains(where: { if case .object = $0 { false } else { true } }) {
                    let scalar = current.first { if case .object = $0 { false } else { true } }!
                    return "\(before) is \(scalar.kindDescription), not an object with member '\(step.key)'"
                }
                return "\(path): no such member"
            }
            current = next
        }
        let more = current.count > 1 ? " and \(current.count - 1) more like it" : ""
        return "\(path) is \(current[0].kindDescription)\(more), not a string, number or boolean (extend the path, e.g. .name or .@id)"
    }
}
