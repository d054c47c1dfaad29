import TOMLKit

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
            r.error(path, "expected a transform name or a table such as { regex = '…' }, found \(TOMLDocument.describe(v))")
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
