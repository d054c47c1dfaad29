import Foundation

/// Values a page's date transforms could not read: counted by field, and the first few kept
/// with their text, so that a layout or format change shows instead of leaving silent gaps.
public struct UnparsedDates: Sendable, Equatable {
    public struct Value: Sendable, Equatable {
        /// `article.published_at`, or `article.published_at[0]` for one of several alternatives.
        public var field: String
        public var pattern: String
        /// The value as the transform got it, cut to `maxValueLength` characters.
        public var value: String
    }

    /// Values by field (as `Value.field`).
    public var counts: [String: Int] = [:]
    /// The first `maxExamples` values of the page.
    public var examples: [Value] = []

    public static let maxExamples = 10
    public static let maxValueLength = 120

    public init() {}

    public var total: Int { counts.values.reduce(0, +) }

    /// `2 date values not parsed (article.published_at[0] 1, teaser.published_at 1)`.
    public static func summary(_ counts: [String: Int]) -> String {
        let total = counts.values.reduce(0, +)
        return "\(total) date value\(total == 1 ? "" : "s") not parsed ("
            + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
    }

    /// The field as a person finds it in the parser file: `records.article.fields.published_at`
    /// → `article.published_at`, with `[i]` when the field has several alternatives.
    static func label(keyPath: String, alternative: Int?) -> String {
        var s = Substring(keyPath)
        if s.hasPrefix("records.") { s = s.dropFirst("records.".count) }
        let name = s.replacingOccurrences(of: ".fields.", with: ".")
        return alternative.map { "\(name)[\($0)]" } ?? name
    }
}

/// Collects one page's unparsed date values while its fields are evaluated.
final class UnparsedDateLog {
    private(set) var dates = UnparsedDates()

    func add(keyPath: String, alternative: Int?, pattern: String, value: String) {
        let field = UnparsedDates.label(keyPath: keyPath, alternative: alternative)
        dates.counts[field, default: 0] += 1
        if dates.examples.count < UnparsedDates.maxExamples {
            let shown = value.count > UnparsedDates.maxValueLength ? String(value.prefix(UnparsedDates.maxValueLength)) + "…" : value
            dates.examples.append(.init(field: field, pattern: pattern, value: shown))
        }
    }
}
