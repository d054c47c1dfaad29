import Foundation

/// An ICU regular expression compiled once at load.
///
/// `@unchecked Sendable`: NSRegularExpression is immutable after creation and documented as
/// safe to use from several threads at once.
public final class CompiledRegex: @unchecked Sendable {
    public let pattern: String
    private let regex: NSRegularExpression

    /// - Throws: `RegexError` naming the pattern and ICU's complaint.
    public init(_ pattern: String) throws {
        self.pattern = pattern
        do {
            regex = try NSRegularExpression(pattern: pattern, options: [])
        } catch {
            throw RegexError(pattern: pattern, detail: "does not compile as an ICU regular expression")
        }
    }

    public var captureGroups: Int { regex.numberOfCaptureGroups }

    public func matches(_ s: String) -> Bool {
        regex.firstMatch(in: s, options: [], range: NSRange(s.startIndex..., in: s)) != nil
    }

    /// Capture group 1 of the first match (or the whole match when there is no group).
    public func firstCapture(in s: String) -> String? {
        guard let m = regex.firstMatch(in: s, options: [], range: NSRange(s.startIndex..., in: s)) else { return nil }
        let group = regex.numberOfCaptureGroups > 0 ? 1 : 0
        let r = m.range(at: group)
        guard r.location != NSNotFound, let range = Range(r, in: s) else { return nil }
        return String(s[range])
    }

    /// All capture groups of the first match, index 0 = whole match; missing groups are "".
    public func groups(in s: String) -> [String]? {
        guard let m = regex.firstMatch(in: s, options: [], range: NSRange(s.startIndex..., in: s)) else { return nil }
        return (0...regex.numberOfCaptureGroups).map { i in
            let r = m.range(at: i)
            guard r.location != NSNotFound, let range = Range(r, in: s) else { return "" }
            return String(s[range])
        }
    }

    /// Replaces every match; `$1` in the template refers to groups.
    public func replace(in s: String, with template: String) -> String {
        regex.stringByReplacingMatches(in: s, options: [], range: NSRange(s.startIndex..., in: s), withTemplate: template)
    }
}

public struct RegexError: Error, CustomStringConvertible, Sendable {
    public var pattern: String
    public var detail: String
    public var description: String { "regex '\(pattern)' \(detail)" }
}
