import Foundation
import Synchronization

/// A regular expression of a parser file, with ICU's syntax and semantics.
///
/// Patterns in gleaner's own subset (`FastRegex`, every pattern of the TV서울 parser) run on it,
/// so that their steps count against the page's regex budget (ICU's matcher has no counter
/// gleaner can reach). ICU compiles the rest at load, and the subset's patterns only when an
/// input needs it (a line terminator, a `replace` template with `\`).
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
        fast = FastRegex(pattern)
        if fast != nil {
            icu = Mutex(nil)
            return
        }
        if Self.nestsQuantifiers(pattern) {
            // ICU's matcher has no step or time limit gleaner can set through NSRegularExpression.
            throw RegexError(pattern: pattern, detail: "repeats a group that holds a repetition itself (like '(a+)+'), "
                             + "outside gleaner's own matcher: ICU would have no step budget for it and may backtrack "
                             + "for minutes on one value; write it without the nesting (docs/parsers.md, regex)")
        }
        do {
            icu = Mutex(try NSRegularExpression(pattern: pattern, options: []))
        } catch {
            throw RegexError(pattern: pattern, detail: "does not compile as an ICU regular expression")
        }
    }

    /// True when a group repeated more than once (`*`, `+`, `{n,}`, `{n,m}` with m > 1) holds a
    /// repetition of varying count (`*`, `+`, `{n,m}`): the shape whose backtracking grows
    /// exponentially (`(a+)+`, `(\w*,)*`).
    static func nestsQuantifiers(_ pattern: String) -> Bool {
        let p = Array(pattern.unicodeScalars)
        var stack: [Bool] = []  // per open group: holds a repetition
        var i = 0
        func repeats(at j: Int) -> Bool {
            guard j < p.count else { return false }
            if p[j] == "*" || p[j] == "+" { return true }
            guard p[j] == "{" else { return false }
            // `{n}` and `{n,m}` with m <= 1 do not repeat.
            var k = j + 1, text = ""
            while k < p.count, p[k] != "}" { text.unicodeScalars.append(p[k]); k += 1 }
            let bounds = text.split(separator: ",", omittingEmptySubsequences: false)
            if bounds.count == 1 { return (Int(bounds[0]) ?? 2) > 1 }
            return bounds.count == 2 && (bounds[1].isEmpty || (Int(bounds[1]) ?? 2) > 1)
        }
        /// A repetition of a varying count: `*`, `+`, `{n,}`, `{n,m}` with m > n.
        func variable(at j: Int) -> Bool {
            guard p[j] == "{" else { return true }
            var k = j + 1, text = ""
            while k < p.count, p[k] != "}" { text.unicodeScalars.append(p[k]); k += 1 }
            let bounds = text.split(separator: ",", omittingEmptySubsequences: false)
            guard bounds.count == 2 else { return false }
            return bounds[1].isEmpty || (Int(bounds[1]) ?? 0) > (Int(bounds[0]) ?? 0)
        }
        while i < p.count {
            switch p[i] {
            case "\\": i += 1
            case "[":
                // Skip a class (nested classes and escapes included).
                var depth = 1
                i += 1
                while i < p.count, depth > 0 {
                    if p[i] == "\\" { i += 1 } else if p[i] == "[" { depth += 1 } else if p[i] == "]" { depth -= 1 }
                    i += 1
                }
                continue
            case "(": stack.append(false)
            case ")":
                let inner = stack.popLast() ?? false
                if inner, repeats(at: i + 1) { return true }
                if inner || repeats(at: i + 1), !stack.isEmpty { stack[stack.count - 1] = true }
            case "*", "+", "{":
                if !stack.isEmpty, variable(at: i) { stack[stack.count - 1] = true }
            default: break
            }
            i += 1
        }
        return false
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

    /// Runs the fast matcher on the page's `regex_steps` (`meter`), or without a page on a call's
    /// own allowance of the default budget. Out of steps, a match reports "no match" and the
    /// meter remembers it, so the page fails as over budget.
    private func metered<T>(_ meter: BudgetMeter?, _ body: (inout Int) -> T) -> T {
        var steps = meter?.regexStepsLeft ?? PageBudget.standard.regexSteps
        let r = body(&steps)
        if let meter {
            meter.regexStepsLeft = steps
            if steps < 0 { meter.regexExhausted(pattern) }
        }
        return r
    }

    public func matches(_ s: String) -> Bool { matches(s, meter: nil) }

    func matches(_ s: String, meter: BudgetMeter?) -> Bool {
        if let fast {
            // URLs are ASCII: match on the string's own bytes (page kinds run for every link).
            var s = s
            let ascii: Bool? = s.withUTF8 { b in
                guard b.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
                return metered(meter) { fast.firstMatch(in: ASCIIScalars(bytes: b), steps: &$0) } != nil
            }
            if let ascii { return ascii }
            if let input = fastInput(s) { return metered(meter) { fast.firstMatch(in: input, steps: &$0) } != nil }
        }
        return regex.firstMatch(in: s, options: [], range: NSRange(s.startIndex..., in: s)) != nil
    }

    /// Capture group 1 of the first match (or the whole match when there is no group).
    public func firstCapture(in s: String) -> String? { firstCapture(in: s, meter: nil) }

    func firstCapture(in s: String, meter: BudgetMeter?) -> String? {
        if let fast, let input = fastInput(s) {
            guard let caps = metered(meter, { fast.firstMatch(in: input, steps: &$0) }) else { return nil }
            return Self.substring(input, caps, group: fast.groupCount > 0 ? 1 : 0)
        }
        guard let m = regex.firstMatch(in: s, options: [], range: NSRange(s.startIndex..., in: s)) else { return nil }
        let group = regex.numberOfCaptureGroups > 0 ? 1 : 0
        let r = m.range(at: group)
        guard r.location != NSNotFound, let range = Range(r, in: s) else { return nil }
        return String(s[range])
    }

    /// All capture groups of the first match, index 0 = whole match; missing groups are "".
    public func groups(in s: String) -> [String]? { groups(in: s, meter: nil) }

    func groups(in s: String, meter: BudgetMeter?) -> [String]? {
        if let fast, let input = fastInput(s) {
            guard let caps = metered(meter, { fast.firstMatch(in: input, steps: &$0) }) else { return nil }
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
    public func replace(in s: String, with template: String) -> String { replace(in: s, with: template, meter: nil) }

    func replace(in s: String, with template: String, meter: BudgetMeter?) -> String {
        if let fast, let parts = Self.templateParts(template, groups: fast.groupCount), let input = fastInput(s) {
            var out = String.UnicodeScalarView()
            var copied = 0, from = 0
            while from <= input.count, let caps = metered(meter, { fast.firstMatch(in: input, from: from, steps: &$0) }) {
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
