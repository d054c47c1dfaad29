import TOMLKit

/// Reads a field (or id) declaration: an XPath string, a table with one source and a transform
/// chain, or an array of those tried in order.
enum FieldSpecBuilder {
    static let sourceKeys = ["xpath", "jsonld", "meta", "from", "value", "field", "template"]

    /// `v` is the value at `path`; `r` is the reader of the table it sits in.
    static func build(_ v: TOMLValueConvertible, path: String, tables: [String: [String: String]],
                      _ r: TOMLReader) -> FieldSpec? {
        var alternatives: [ValueSpec] = []
        var required = false
        if let s = v.string {
            XPathCheck.check(s, path, r.context)
            alternatives = [ValueSpec(source: .xpath(s, text: .text, skip: nil), transforms: [])]
        } else if let t = v.table {
            if let spec = value(r.reader(t, at: path), tables: tables, required: &required) { alternatives = [spec] }
        } else if let a = v.array {
            for (i, e) in a.enumerated() {
                let p = "\(path)[\(i)]"
                if let s = e.string {
                    XPathCheck.check(s, p, r.context)
                    alternatives.append(ValueSpec(source: .xpath(s, text: .text, skip: nil), transforms: []))
                } else if let t = e.table {
                    if let spec = value(r.reader(t, at: p), tables: tables, required: &required) { alternatives.append(spec) }
                } else {
                    r.context.report(p, "expected an XPath string or a table, found \(TOMLReader.describe(e))")
                }
            }
            if a.isEmpty { r.context.report(path, "expected at least one alternative") }
        } else {
            r.context.report(path, "expected an XPath string, a table such as { xpath = \"…\", transforms = [\"trim\"] }, or an array of those; found \(TOMLReader.describe(v))")
            return nil
        }
        return alternatives.isEmpty ? nil : FieldSpec(alternatives: alternatives, required: required, keyPath: path)
    }

    private static func value(_ t: TOMLReader, tables: [String: [String: String]], required: inout Bool) -> ValueSpec? {
        t.allow(sourceKeys + ["text", "skip", "transforms", "required"])
        defer { t.finish() }
        let present = sourceKeys.filter { t.table[$0] != nil }
        guard present.count == 1, let key = present.first else {
            t.context.report(t.path, present.isEmpty
                ? "needs a source: one of \(sourceKeys.joined(separator: ", "))"
                : "has more than one source (\(present.joined(separator: ", "))); use an array for alternatives")
            return nil
        }
        if t.bool("required") == true { required = true }
        var source: ValueSpec.Source?
        switch key {
        case "xpath":
            guard let x = t.string("xpath") else { return nil }
            XPathCheck.check(x, t.keyPath("xpath"), t.context)
            var mode = ValueSpec.TextMode.text
            if let m = t.string("text") {
                if let mm = ValueSpec.TextMode(rawValue: m) { mode = mm } else {
                    t.report("text", "unknown text mode '\(m)' (expected one of: \(ValueSpec.TextMode.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
            }
            let skip = t.string("skip")
            if let skip { XPathCheck.check(skip, t.keyPath("skip"), t.context) }
            source = .xpath(x, text: mode, skip: skip)
        case "from":
            switch t.string("from") {
            case "url": source = .pageURL
            case "canonical_url": source = .canonicalURL
            case let other?: t.report("from", "unknown source '\(other)' (expected url or canonical_url)")
            case nil: break
            }
        case "value":
            source = t.string("value").map { .constant($0) }
        case "field":
            source = t.string("field").map { .field($0) }
        case "jsonld":
            guard let text = t.string("jsonld") else { break }
            do {
                source = .jsonld(try JSONLDPath(text))
            } catch {
                t.report("jsonld", "\(error)")
            }
        case "meta":
            guard let name = t.string("meta") else { break }
            if name.isEmpty || name.contains(where: \.isWhitespace) {
                t.report("meta", "'\(name)' is not a meta name: expected the name or property of a <meta> element, such as og:title or description")
            } else {
                source = .meta(name.lowercased())
            }
        default:
            if let tpl = t.string("template") {
                if Template.placeholders(in: tpl).isEmpty { t.report("template", "has no {field} placeholder") }
                source = .template(tpl)
            }
        }
        if key != "xpath", t.table["text"] != nil || t.table["skip"] != nil {
            t.context.report(t.path, "'text' and 'skip' apply to xpath sources only")
        }
        var transforms: [Transform] = []
        if let tv = t.value("transforms") {
            if let a = tv.array {
                for (i, e) in a.enumerated() {
                    if let tr = TransformBuilder.build(e, path: "\(t.keyPath("transforms"))[\(i)]", tables: tables, t) { transforms.append(tr) }
                }
            } else {
                t.mismatch("transforms", expected: "an array such as [\"trim\", { regex = '…' }]", found: tv)
            }
        }
        return source.map { ValueSpec(source: $0, transforms: transforms) }
    }
}
