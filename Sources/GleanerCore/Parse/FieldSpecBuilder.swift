import TOMLKit

/// Reads a field (or id) declaration: an XPath string, a table with one source and a transform
/// chain, or an array of those tried in order.
enum FieldSpecBuilder {
    static let sourceKeys = ["xpath", "from", "value", "field", "template"]

    static func build(_ v: TOMLValueConvertible, path: String, tables: [String: [String: String]],
                      _ r: inout TOMLReader) -> FieldSpec? {
        var alternatives: [ValueSpec] = []
        var required = false
        if let s = v.string {
            XPathCheck.check(s, path, &r)
            alternatives = [ValueSpec(source: .xpath(s, text: .text, skip: nil), transforms: [])]
        } else if let t = v.table {
            if let spec = value(t, path: path, tables: tables, required: &required, &r) { alternatives = [spec] }
        } else if let a = v.array {
            for (i, e) in a.enumerated() {
                let p = "\(path)[\(i)]"
                if let s = e.string {
                    XPathCheck.check(s, p, &r)
                    alternatives.append(ValueSpec(source: .xpath(s, text: .text, skip: nil), transforms: []))
                } else if let t = e.table {
                    if let spec = value(t, path: p, tables: tables, required: &required, &r) { alternatives.append(spec) }
                } else {
                    r.error(p, "expected an XPath string or a table, found \(TOMLDocument.describe(e))")
                }
            }
            if a.isEmpty { r.error(path, "expected at least one alternative") }
        } else {
            r.error(path, "expected an XPath string, a table such as { xpath = \"…\", transforms = [\"trim\"] }, or an array of those; found \(TOMLDocument.describe(v))")
            return nil
        }
        return alternatives.isEmpty ? nil : FieldSpec(alternatives: alternatives, required: required, keyPath: path)
    }

    private static func value(_ t: TOMLTable, path: String, tables: [String: [String: String]],
                              required: inout Bool, _ r: inout TOMLReader) -> ValueSpec? {
        r.checkKeys(t, path, allowed: sourceKeys + ["text", "skip", "transforms", "required"])
        let present = sourceKeys.filter { t[$0] != nil }
        guard present.count == 1, let key = present.first else {
            r.error(path, present.isEmpty
                ? "needs a source: one of \(sourceKeys.joined(separator: ", "))"
                : "has more than one source (\(present.joined(separator: ", "))); use an array for alternatives")
            return nil
        }
        if r.bool(t, "required", path) == true { required = true }
        var source: ValueSpec.Source?
        switch key {
        case "xpath":
            guard let x = r.string(t, "xpath", path) else { return nil }
            XPathCheck.check(x, "\(path).xpath", &r)
            var mode = ValueSpec.TextMode.text
            if let m = r.string(t, "text", path) {
                if let mm = ValueSpec.TextMode(rawValue: m) { mode = mm } else {
                    r.error("\(path).text", "unknown text mode '\(m)' (expected one of: \(ValueSpec.TextMode.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
            }
            let skip = r.string(t, "skip", path)
            if let skip { XPathCheck.check(skip, "\(path).skip", &r) }
            source = .xpath(x, text: mode, skip: skip)
        case "from":
            switch r.string(t, "from", path) {
            case "url": source = .pageURL
            case "canonical_url": source = .canonicalURL
            case let other?: r.error("\(path).from", "unknown source '\(other)' (expected url or canonical_url)")
            case nil: break
            }
        case "value":
            source = r.string(t, "value", path).map { .constant($0) }
        case "field":
            source = r.string(t, "field", path).map { .field($0) }
        default:
            if let tpl = r.string(t, "template", path) {
                if Template.placeholders(in: tpl).isEmpty { r.error("\(path).template", "has no {field} placeholder") }
                source = .template(tpl)
            }
        }
        if key != "xpath", t["text"] != nil || t["skip"] != nil {
            r.error(path, "'text' and 'skip' apply to xpath sources only")
        }
        var transforms: [Transform] = []
        if let tv = t["transforms"] {
            if let a = tv.array {
                for (i, e) in a.enumerated() {
                    if let tr = TransformBuilder.build(e, path: "\(path).transforms[\(i)]", tables: tables, &r) { transforms.append(tr) }
                }
            } else {
                r.error("\(path).transforms", "expected an array such as [\"trim\", { regex = '…' }], found \(TOMLDocument.describe(tv))")
            }
        }
        return source.map { ValueSpec(source: $0, transforms: transforms) }
    }
}
