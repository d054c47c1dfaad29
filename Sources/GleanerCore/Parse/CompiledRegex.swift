import Foundation
import Synchronization

/// A regular expression of a parser file, with ICU's syntax and semantics.
///
/// Patterns in gleaner's own subset (`FastRegex`, every pattern of the TV서울 parser) never touch
/// ICU: compiling one ICU pattern makes ~1 MB of ICU's code and tables resident for the life of
/// the daemon (docs/benchmarks.md, session 7). ICU compiles the rest at load, and the subset's
/// patterns only when an input needs it (a line terminator, a `replace` template with `\`).
///
/// `@unchecked Sendable`: NSRegularExpression is immutable after creation and documented as
/// safe to use from several threads at once; the lazy one is created under a lock.
public final class CompiledRegex: @unchecked Sendable {
    public let pattern: String
    /// The same pattern in gleaner's own matcher when it is in its subset (FastRegex).
    private let fast: FastRegex?
    /// ICU's form: compiled at init for patterns outside the subset, else on first need.
    private let icu: Mutex<NSRegularExpression?>

    /// - Throws: `RegexError` naming the pattern and ICU's complaint.
    public init(_ pattern: String) throws {
        self.pattern = pattern
        fast = MeasuredMechanism.fastRegex.isOn ? FastRegex(pattern) : nil
        if fast != nil {
            icu = Mutex(nil)
            return
        }
        do {
            icu = Mutex(try NSRegularExpression(pattern: pattern, options: []))
        } catch {
            throw RegexError(pattern: pattern, detail: "does not compile as an ICU regular expression")
        }
    }

    private var regex: NSRegularExpression {
        icu.withLock { r in
            if let r { return r }
            // FastRegex accepts only patterns that ICU compiles too (FastRegexTests).
            let compiled = try! NSRegularExpression(pattern: pattern, options: [])
            r = compiled
            return compiled
        }
    }

    /// Scalars for the fast matcher, or nil when ICU must decide (no fast form, line terminators).
    private func fastInput(_ s: String) -> [Unicode.Scalar]? {
        guard fast != nil else { return nil }
        let scalars = Array(s.unicodeScalars)
        return scalars.contains(where: FastRegex.isLineTerminator) ? nil : scalars
    }

    private static func substring(_ scalars: [Unicode.Scalar], _ caps: [Int], group: Int) -> String? {
        let a = caps[2 * group], b = caps[2 * group + 1]
        guard a >= 0, b >= a else { return nil }
        var v = String.UnicodeScalarView()
        v.append(contentsOf: scalars[a..<b])
        return String(v)
    }

    public var captureGroups: Int { fast?.groupCount ?? regex.numberOfCaptureGroups }

    public func matches(_ s: String) -> Bool {
        if let fast {
            // URLs are ASCII: match on the string's own bytes (page kinds run for every link).
            var s = s
            let ascii: Bool? = s.withUTF8 { b in
                guard b.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
                return fast.firstMatch(in: ASCIIScalars(bytes: b)) != nil
            }
            if let ascii { return ascii }
            if let input = fastInput(s) { return fast.firstMatch(in: input) != nil }
        }
        return regex.firstMatch(in: s, options: [], range: NSRange(s.startIndex..., in: s)) != nil
    }

    /// Capture group 1 of the first match (or the whole match when there is no group).
    public func firstCapture(in s: String) -> String? {
        if let fast, let input = fastInput(s) {
            guard let caps = fast.firstMatch(in: input) else { return nil }
            return Self.substring(input, caps, group: fast.groupCount > 0 ? 1 : 0)
        }
        guard let m = regex.firstMatch(in: s, options: [], range: NSRange(s.startIndex..., in: s)) else { return nil }
        let group = regex.numberOfCaptureGroups > 0 ? 1 : 0
        let r = m.range(at: group)
        guard r.location != NSNotFound, let range = Range(r, in: s) else { return nil }
        return String(s[range])
    }

    /// All capture groups of the first match, index 0 = whole match; missing groups are "".
    public func groups(in s: String) -> [String]? {
        if let fast, let input = fastInput(s) {
            guard let caps = fast.firstMatch(in: input) else { return nil }
            return (0...fast.groupCount).map { Self.substring(input, caps, group: $0) ?? "" }
        }
        guard let m = regex.firstMatch(in: s, options: [], range: NSRange(s.startIndex..., in: s)) else { return nil }
        return (0...regex.numberOfCaptureGroups).map { i in
            let r = m.range(at: i)
            guard r.location != NSNotFound, let range = Range(r, in: s) else { return "" }
            return String(s[range])
        }
    }

    /// Replaces every match; `$1` in the template refers to groups.
    public func replace(in s: String, with template: String) -> String {
        if let fast, let parts = Self.templateParts(template, groups: fast.groupCount), let input = fastInput(s) {
            var out = String.UnicodeScalarView()
            var copied = 0, from = 0
            while from <= input.count, let caps = fast.firstMatch(in: input, from: from) {
                let a = caps[0], b = caps[1]
                out.append(contentsOf: input[copied..<a])
                for part in parts {
                    switch part {
                    case .text(let t): out.append(contentsOf: t)
                    case .group(let g) where caps[2 * g] >= 0: out.append(contentsOf: input[caps[2 * g]..<caps[2 * g + 1]])
                    case .group: break
                    }
                }
                copied = b
                // After an empty match the next one starts a character later, as in ICU.
                from = b > a ? b : a + 1
            }
            out.append(contentsOf: input[copied...])
            return String(out)
        }
        return regex.stringByReplacingMatches(in: s, options: [], range: NSRange(s.startIndex..., in: s), withTemplate: template)
    }

    enum TemplatePart { case text([Unicode.Scalar]), group(Int) }

    /// A template's text and `$n` references, or nil where ICU decides (a backslash, a `$` without
    /// a group number after it). Like ICU, the number takes as many digits as still name a group.
    static func templateParts(_ template: String, groups: Int) -> [TemplatePart]? {
        let t = Array(template.unicodeScalars)
        var parts: [TemplatePart] = []
        var text: [Unicode.Scalar] = []
        var i = 0
        while i < t.count {
            if t[i] == "\\" { return nil }
            guard t[i] == "$" else { text.append(t[i]); i += 1; continue }
            i += 1
            guard i < t.count, let first = t[i].properties.numericType == .decimal ? Int(String(t[i])) : nil,
                  t[i].isASCII, first <= groups else { return nil }
            var n = first
            i += 1
            while i < t.count, t[i].isASCII, let d = Int(String(t[i])), n * 10 + d <= groups { n = n * 10 + d; i += 1 }
            if !text.isEmpty { parts.append(.text(text)); text = [] }
            parts.append(.group(n))
        }
        if !text.isEmpty { parts.append(.text(text)) }
        return parts
    }
}

public struct RegexError: Error, CustomStringConvertible, Sendable {
    public var pattern: String
    public var detail: String
    public var description: String { "regex '\(pattern)' \(detail)" }
}
