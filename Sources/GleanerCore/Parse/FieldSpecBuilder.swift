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
                    r.error(p, "expected an XPath string or a table, found \(e.type)")
                }
            }
            if a.isEmpty { r.error(path, "expected at least one alternative") }
        } else {
            r.error(path, "expected an XPath string, a table such as { xpath = \"…\", transforms = [\"trim\"] }, or an array of those; found \(v.type)")
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
                r.error("\(path).transforms", "expected an array such as [\"trim\", { regex = '…' }], found \(tv.type)")
            }
        }
        return source.map { ValueSpec(source: $0, transforms: transforms) }
    }
}

/// Reads one transform: a bare name (`"trim"`) or a one-key table (`{ regex = '…' }`).
enum TransformBuilder {
    static func build(_ v: TOMLValueConvertible, path: String, tables: [String: [String: String]],
                      _ r: inout TOMLReader) -> Transform? {
        if let name = v.string {
            switch name {
            case "trim": return .trim
            case "collapse": return .collapse
            case "first": return .first
            case "last": return .last
            case "number": return .number
            case "absolute_url": return .absoluteURL
            case "canonical_url": return .canonicalURL
            case "lowercase": return .lowercase
            case "uppercase": return .uppercase
            case "regex", "replace", "split", "join", "date", "map", "format":
                r.error(path, "transform '\(name)' needs an argument, e.g. { \(name) = … }")
            default:
                r.error(path, "unknown transform '\(name)' (known: \(Transform.names.joined(separator: ", ")))")
            }
            return nil
        }
        guard let t = v.table else {
            r.error(path, "expected a transform name or a table such as { regex = '…' }, found \(v.type)")
            return nil
        }
        let names = t.keys.filter { $0 != "output" }
        guard names.count == 1, let name = names.first else {
            r.error(path, names.isEmpty ? "empty transform table" : "one transform per table, found \(names.sorted().joined(separator: ", "))")
            return nil
        }
        if t["output"] != nil, name != "date" { r.error("\(path).output", "'output' applies to the date transform only") }
        let p = "\(path).\(name)"
        switch name {
        case "regex":
            guard let s = r.string(t, name, path) else { return nil }
            do { return .regex(try CompiledRegex(s)) } catch { r.error(p, "\(error)"); return nil }
        case "replace":
            guard let a = r.strings(t, name, path) else { return nil }
            guard a.count == 2 else { r.error(p, "expected [pattern, replacement]"); return nil }
            do { return .replace(try CompiledRegex(a[0]), a[1]) } catch { r.error(p, "\(error)"); return nil }
        case "split":
            guard let s = r.string(t, name, path) else { return nil }
            if s.isEmpty { r.error(p, "separator must not be empty") }
            return .split(s)
        case "join":
            return r.string(t, name, path).map { .join($0) }
        case "date":
            guard let s = r.string(t, name, path) else { return nil }
            var dateOnly = false
            if let o = r.string(t, "output", path) {
                switch o {
                case "date": dateOnly = true
                case "datetime": dateOnly = false
                default: r.error("\(path).output", "expected \"date\" or \"datetime\", found '\(o)'")
                }
            }
            do { return .date(try DatePattern(s), dateOnly: dateOnly) } catch { r.error(p, "\(error)"); return nil }
        case "map":
            guard let s = r.string(t, name, path) else { return nil }
            if tables[s] == nil { r.error(p, "unknown table '\(s)' (define it under [tables.\(s)])") }
            return .map(table: s)
        case "format":
            guard let s = r.string(t, name, path) else { return nil }
            if !s.contains("{}") { r.error(p, "format needs a {} placeholder") }
            return .format(s)
        default:
            r.error(path, "unknown transform '\(name)' (known: \(Transform.names.joined(separator: ", ")))")
            return nil
        }
    }
}

/// Compiles an XPath, names functions XPath 1.0 does not have (libxml2 only notices those
/// when a predicate is evaluated on a matching node), and evaluates it once on a small page.
enum XPathCheck {
    static let functions: Set<String> = [
        "last", "position", "count", "id", "local-name", "namespace-uri", "name", "string", "concat",
        "starts-with", "contains", "substring-before", "substring-after", "substring", "string-length",
        "normalize-space", "translate", "boolean", "not", "true", "false", "lang", "number", "sum", "floor",
        "ceiling", "round", "escape-uri",
        // Node tests look like calls.
        "node", "text", "comment", "processing-instruction",
    ]

    static func check(_ xpath: String, _ path: String, _ r: inout TOMLReader) {
        if let problem = problem(with: xpath) { r.error(path, problem) }
    }

    static func problem(with xpath: String) -> String? {
        do {
            let e = try XPathExpression(xpath)
            if let unknown = calledFunctions(in: xpath).first(where: { !functions.contains($0) }) {
                return "unknown XPath function '\(unknown)()' in '\(xpath)' (XPath 1.0 functions: \(functions.subtracting(["node", "text", "comment", "processing-instruction"]).sorted().joined(separator: ", ")))"
            }
            let doc = try HTMLDocument(utf8: Array("<html><body><p>x</p></body></html>".utf8), url: "http://check.invalid/")
            _ = try doc.evaluate(e)
            return nil
        } catch let e as XPathError {
            return "XPath does not compile: \(e.detail) in '\(xpath)'"
        } catch {
            return "XPath does not compile: \(error)"
        }
    }

    /// Names followed by `(` outside string literals.
    static func calledFunctions(in xpath: String) -> [String] {
        var names: [String] = []
        var quote: Character?
        var current = ""
        var lastName: String?
        for c in xpath {
            if let q = quote {
                if c == q { quote = nil }
                continue
            }
            if c == "'" || c == "\"" { quote = c; current = ""; lastName = nil; continue }
            if c.isLetter || c.isNumber || c == "-" || c == "_" || c == "." || c == ":" {
                current.append(c)
                continue
            }
            if !current.isEmpty { lastName = current; current = "" }
            if c == " " || c == "\t" || c == "\n" { continue }
            if c == "(", let n = lastName, let f = n.first, f.isLetter, !n.contains("::") { names.append(n) }
            lastName = nil
        }
        return names
    }
}
