import TOMLKit

/// Reads one transform: a bare name (`"trim"`) or a one-key table (`{ regex = '…' }`).
enum TransformBuilder {
    /// `v` is the value at `path`; `r` is the reader of the field table it sits in.
    static func build(_ v: TOMLValueConvertible, path: String, tables: [String: [String: String]],
                      _ r: TOMLReader) -> Transform? {
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
                r.context.report(path, "transform '\(name)' needs an argument, e.g. { \(name) = … }")
            default:
                r.context.report(path, "unknown transform '\(name)' (known: \(Transform.names.joined(separator: ", ")))")
            }
            return nil
        }
        guard let table = v.table else {
            r.context.report(path, "expected a transform name or a table such as { regex = '…' }, found \(TOMLReader.describe(v))")
            return nil
        }
        // Its one key is the transform's name, so a stray key is an unknown transform, not an unknown key.
        let t = r.reader(table, at: path)
        let names = table.keys.filter { $0 != "output" }
        guard names.count == 1, let name = names.first else {
            t.context.report(path, names.isEmpty ? "empty transform table" : "one transform per table, found \(names.sorted().joined(separator: ", "))")
            return nil
        }
        if table["output"] != nil, name != "date" { t.report("output", "'output' applies to the date transform only") }
        switch name {
        case "regex":
            guard let s = t.string(name) else { return nil }
            do { return .regex(try CompiledRegex(s)) } catch { t.report(name, "\(error)"); return nil }
        case "replace":
            guard let a = t.stringArray(name, orString: true) else { return nil }
            guard a.count == 2 else { t.report(name, "expected [pattern, replacement]"); return nil }
            do { return .replace(try CompiledRegex(a[0]), a[1]) } catch { t.report(name, "\(error)"); return nil }
        case "split":
            guard let s = t.string(name) else { return nil }
            if s.isEmpty { t.report(name, "separator must not be empty") }
            return .split(s)
        case "join":
            return t.string(name).map { .join($0) }
        case "date":
            guard let s = t.string(name) else { return nil }
            var dateOnly = false
            if let o = t.string("output") {
                switch o {
                case "date": dateOnly = true
                case "datetime": dateOnly = false
                default: t.report("output", "expected \"date\" or \"datetime\", found '\(o)'")
                }
            }
            do { return .date(try DatePattern(s), dateOnly: dateOnly) } catch { t.report(name, "\(error)"); return nil }
        case "map":
            guard let s = t.string(name) else { return nil }
            if tables[s] == nil { t.report(name, "unknown table '\(s)' (define it under [tables.\(s)])") }
            return .map(table: s)
        case "format":
            guard let s = t.string(name) else { return nil }
            if !s.contains("{}") { t.report(name, "format needs a {} placeholder") }
            return .format(s)
        default:
            t.context.report(path, "unknown transform '\(name)' (known: \(Transform.names.joined(separator: ", ")))")
            return nil
        }
    }
}
