/// Turning a parser's text values into a field's typed value, or saying why not.
extension ValueType {
    /// The value of a field of this type from the texts a parser read: the first text for a
    /// scalar, every text for an array. nil for no texts; a `ValueError` for a text that is not
    /// of the type (never a value silently dropped or made up).
    public func value(from texts: [String]) -> Result<FieldValue, ValueError>? {
        guard !texts.isEmpty else { return nil }
        if case .array(let element) = self {
            var out: [FieldValue] = []
            out.reserveCapacity(texts.count)
            for t in texts {
                switch element.scalar(t) {
                case .success(let v): out.append(v)
                case .failure(let e): return .failure(e)
                }
            }
            return .success(.array(out))
        }
        return scalar(texts[0])
    }

    private func scalar(_ s: String) -> Result<FieldValue, ValueError> {
        func fail(_ why: String) -> Result<FieldValue, ValueError> { .failure(ValueError(value: s, type: self, reason: why)) }
        switch self {
        case .string:
            return .success(.string(s))
        case .integer:
            guard let i = Int64(s) else { return fail("not an integer (digits with an optional sign; use the number transform to pick one out of text)") }
            return .success(.integer(i))
        case .number:
            // Double also reads hex floats ("0x1p3"), which JSON numbers are not.
            guard let d = Double(s), d.isFinite, !s.contains(where: { $0 == "x" || $0 == "X" }) else {
                return fail("not a decimal number (use the number transform to pick one out of text)")
            }
            return .success(.number(d))
        case .boolean:
            switch s.lowercased() {
            case "true": return .success(.boolean(true))
            case "false": return .success(.boolean(false))
            default: return fail("not true or false (use the map transform to translate the site's words)")
            }
        case .datetime:
            if let why = RFC3339.problem(with: s) { return fail(why) }
            return .success(.string(s))
        case .date:
            if let why = RFC3339.problem(withDate: s) { return fail(why) }
            return .success(.string(s))
        case .url:
            guard WebURL(s) != nil, s.unicodeScalars.allSatisfy({ $0.value > 0x20 }) else {
                return fail("not an absolute http(s) URL (use the absolute_url transform for links)")
            }
            return .success(.string(s))
        case .array:
            return fail("arrays hold scalars only")
        }
    }
}

/// A text that is not a value of its field's type.
public struct ValueError: Error, Sendable, Hashable, CustomStringConvertible {
    public var value: String
    public var type: ValueType
    public var reason: String

    public var description: String {
        let shown = value.count > 80 ? String(value.prefix(80)) + "…" : value
        return "'\(shown)' is not a \(type): \(reason)"
    }
}
