import GleanerParse

/// A source's `allow` and `deny` URL patterns, compiled once at configuration load and applied
/// to the normalised URL of every link, seed and redirect target before robots.txt and the
/// fetch: a URL matching any `deny` pattern is not followed; with `allow` patterns, a URL must
/// match one of them. Deny wins. Patterns are searched anywhere in the URL (anchor with `^`/`$`),
/// with the syntax of parser.toml's regexes.
public struct ScopeRules: Sendable, Equatable {
    /// One pattern as written, and compiled.
    public struct Pattern: Sendable, Equatable {
        public let text: String
        let regex: CompiledRegex

        /// - Throws: `RegexError` naming the pattern and what is wrong with it.
        public init(_ text: String) throws {
            self.text = text
            regex = try CompiledRegex(text)
        }

        public func matches(_ url: String) -> Bool { regex.matches(url) }

        public static func == (a: Pattern, b: Pattern) -> Bool { a.text == b.text }
    }

    /// Why a URL is outside the rules.
    public enum Refusal: Sendable, Equatable, CustomStringConvertible {
        /// It matched `deny[index]`.
        case denied(index: Int, pattern: String)
        /// `allow` has patterns and it matched none.
        case notAllowed

        /// The `reason` label of `gleaner_links_not_followed_total`.
        public var reason: String {
            switch self {
            case .denied: "scope_deny"
            case .notAllowed: "scope_allow"
            }
        }

        public var description: String {
            switch self {
            case .denied(let index, let pattern): "it matches deny[\(index)] \"\(pattern)\""
            case .notAllowed: "it matches no allow pattern"
            }
        }
    }

    public var allow: [Pattern]
    public var deny: [Pattern]

    public init(allow: [Pattern] = [], deny: [Pattern] = []) {
        self.allow = allow
        self.deny = deny
    }

    /// Everything the parser's hosts and page kinds admit.
    public var admitsAll: Bool { allow.isEmpty && deny.isEmpty }

    /// Why `url` (normalised) is not followed, or nil when it is inside.
    public func refusal(of url: String) -> Refusal? {
        if let i = deny.firstIndex(where: { $0.matches(url) }) { return .denied(index: i, pattern: deny[i].text) }
        if !allow.isEmpty, !allow.contains(where: { $0.matches(url) }) { return .notAllowed }
        return nil
    }
}
