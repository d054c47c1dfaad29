import Foundation
import GleanerModel
import TOMLKit

/// Turns the TOML tree of a parser file into a `ParserDefinition`, checking every name,
/// XPath, regex and reference on the way.
enum DefinitionBuilder {
    static func build(_ root: TOMLTable, file: URL, reader r: inout TOMLReader) -> ParserDefinition? {
        r.checkKeys(root, "", allowed: ["site", "tables", "pages", "records", "links"])
        let site = r.table(root, "site", "", required: true) ?? TOMLTable()
        r.checkKeys(site, "site", allowed: [
            "name", "hosts", "canonical_host", "time_zone", "charset", "tracking_parameters", "max_page_bytes", "canonical",
        ])
        let name = r.string(site, "name", "site", required: true) ?? ""
        if !name.isEmpty, !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            r.error("site.name", "'\(name)' must be ASCII letters, digits, '-' or '_' (it names output records and files)")
        }
        let hosts = (r.strings(site, "hosts", "site", required: true) ?? []).map { $0.lowercased() }
        if site["hosts"] != nil, hosts.isEmpty { r.error("site.hosts", "expected at least one host") }
        let canonicalHost = r.string(site, "canonical_host", "site")?.lowercased()
        if let c = canonicalHost, !hosts.contains(c) { r.error("site.canonical_host", "'\(c)' is not one of site.hosts") }
        let tz = r.string(site, "time_zone", "site") ?? "UTC"
        let zone = TimeZone(identifier: tz) ?? TimeZone(identifier: "UTC")!
        if TimeZone(identifier: tz) == nil { r.error("site.time_zone", "unknown time zone '\(tz)' (expected an IANA name such as Asia/Seoul)") }
        let charset = r.string(site, "charset", "site")
        if let c = charset, Charset.canonicalName(forLabel: c) == nil { r.error("site.charset", "unknown charset label '\(c)'") }
        let tracking = r.strings(site, "tracking_parameters", "site") ?? []
        let maxBytes = r.int(site, "max_page_bytes", "site") ?? ParserDefinition.defaultMaxPageBytes
        if maxBytes <= 0 { r.error("site.max_page_bytes", "expected a positive number of bytes") }
        // The first canonical link of the page; parenthesised so that it compiles to one
        // descendant scan (XPathRewrite), not a child node set per node.
        let canonical = r.string(site, "canonical", "site") ?? "(//link[@rel='canonical'])[1]/@href"
        XPathCheck.check(canonical, "site.canonical", &r)

        let tables = buildTables(root, &r)
        let links = buildLinks(root, &r)
        let records = buildRecords(root, tables: tables, &r)
        let pages = buildPages(root, records: records, links: links, &r)
        for (n, l) in links where !pages.contains(where: { $0.name == l.kind }) {
            r.error("links.\(n).kind", "unknown page kind '\(l.kind)' (defined: \(pages.map(\.name).joined(separator: ", ")))")
        }
        return ParserDefinition(
            name: name, hosts: hosts, canonicalHost: canonicalHost, timeZone: tz, zone: zone, defaultCharset: charset,
            trackingParameters: tracking, maxPageBytes: maxBytes, canonicalXPath: canonical, tables: tables,
            pageKinds: pages, recordBlocks: records, linkRules: links, file: file)
    }

    static func buildTables(_ root: TOMLTable, _ r: inout TOMLReader) -> [String: [String: String]] {
        guard let t = r.table(root, "tables", "") else { return [:] }
        var out: [String: [String: String]] = [:]
        for name in t.keys {
            guard let tt = r.table(t, name, "tables") else { continue }
            var m: [String: String] = [:]
            for k in tt.keys {
                if let v = r.string(tt, k, "tables.\(name)") { m[k] = v }
            }
            out[name] = m
        }
        return out
    }

    static func buildLinks(_ root: TOMLTable, _ r: inout TOMLReader) -> [String: LinkRule] {
        guard let t = r.table(root, "links", "") else { return [:] }
        var out: [String: LinkRule] = [:]
        for name in t.keys {
            let path = "links.\(name)"
            guard let lt = r.table(t, name, "links") else { continue }
            r.checkKeys(lt, path, allowed: ["xpath", "kind"])
            let xpath = r.string(lt, "xpath", path, required: true)
            let kind = r.string(lt, "kind", path, required: true)
            if let xpath { XPathCheck.check(xpath, "\(path).xpath", &r) }
            if let xpath, let kind { out[name] = LinkRule(name: name, xpath: xpath, kind: kind) }
        }
        return out
    }

    static func buildPages(_ root: TOMLTable, records: [String: RecordBlock], links: [String: LinkRule],
                           _ r: inout TOMLReader) -> [PageKind] {
        guard let t = r.table(root, "pages", "", required: true) else { return [] }
        var out: [(line: Int, kind: PageKind)] = []
        for name in t.keys {
            let path = "pages.\(name)"
            guard let pt = r.table(t, name, "pages") else { continue }
            r.checkKeys(pt, path, allowed: ["url", "records", "links"])
            let pattern = r.string(pt, "url", path, required: true)
            var regex: CompiledRegex?
            if let pattern {
                do { regex = try CompiledRegex(pattern) } catch { r.error("\(path).url", "\(error)") }
            }
            let recs = r.strings(pt, "records", path) ?? []
            for (i, rn) in recs.enumerated() where records[rn] == nil {
                r.error("\(path).records[\(i)]", "unknown record block '\(rn)' (defined: \(records.keys.sorted().joined(separator: ", ")))")
            }
            let lks = r.strings(pt, "links", path) ?? []
            for (i, ln) in lks.enumerated() where links[ln] == nil {
                r.error("\(path).links[\(i)]", "unknown link rule '\(ln)' (defined: \(links.keys.sorted().joined(separator: ", ")))")
            }
            if let pattern, let regex {
                out.append((r.line(of: path) ?? Int.max,
                            PageKind(name: name, urlPattern: pattern, regex: regex, literalPrefix: PageKind.literalPrefix(of: pattern),
                                     records: recs, links: lks)))
            }
        }
        if t.keys.isEmpty { r.error("pages", "expected at least one page kind") }
        // File order decides which kind wins when patterns overlap.
        return out.sorted { ($0.line, $0.kind.name) < ($1.line, $1.kind.name) }.map(\.kind)
    }

    static func buildRecords(_ root: TOMLTable, tables: [String: [String: String]], _ r: inout TOMLReader) -> [String: RecordBlock] {
        guard let t = r.table(root, "records", "") else { return [:] }
        var out: [String: RecordBlock] = [:]
        for name in t.keys {
            let path = "records.\(name)"
            guard let bt = r.table(t, name, "records") else { continue }
            r.checkKeys(bt, path, allowed: ["type", "each", "required", "id", "fields"])
            let typeName = r.string(bt, "type", path, required: true)
            let type = typeName.flatMap(RecordType.init(rawValue:))
            if let typeName, type == nil {
                r.error("\(path).type", "unknown record type '\(typeName)' (expected one of: \(RecordType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let each = r.string(bt, "each", path)
            if let each { XPathCheck.check(each, "\(path).each", &r) }
            let required = r.bool(bt, "required", path) ?? (each == nil)
            let fieldsTable = r.table(bt, "fields", path, required: true) ?? TOMLTable()
            var fields: [String: FieldSpec] = [:]
            for f in fieldsTable.keys {
                let fpath = "\(path).fields.\(f)"
                if let type, RecordSchema.field(f, of: type) == nil {
                    r.error(fpath, "'\(f)' is not a field of \(type) records (fields: \(RecordSchema.fields(of: type).map(\.name).joined(separator: ", ")))")
                    continue
                }
                if let spec = FieldSpecBuilder.build(fieldsTable[f]!, path: fpath, tables: tables, &r) {
                    fields[f] = spec
                }
            }
            if let type {
                for sf in RecordSchema.fields(of: type) where sf.required && fields[sf.name] == nil && fieldsTable.keys.contains(sf.name) == false {
                    r.error("\(path).fields", "missing required field '\(sf.name)' of \(type) records")
                }
            }
            var id: FieldSpec?
            if let idv = bt["id"] {
                id = FieldSpecBuilder.build(idv, path: "\(path).id", tables: tables, &r)
            } else {
                r.error("\(path).id", "missing; every record needs an id (e.g. { template = \"{date}/{location}\" })")
            }
            // Field references must name fields of this block.
            for (fname, spec) in fields.merging(id.map { ["id": $0] } ?? [:], uniquingKeysWith: { a, _ in a }) {
                for alt in spec.alternatives {
                    for ref in alt.source.fieldReferences where fields[ref] == nil || ref == fname {
                        r.error(spec.keyPath, ref == fname ? "refers to itself" : "refers to field '\(ref)', which this block does not define")
                    }
                }
            }
            if let type, let id {
                out[name] = RecordBlock(name: name, type: type, each: each, required: required, id: id, fields: fields)
            }
        }
        return out
    }
}

extension ValueSpec.Source {
    /// Fields this source reads (for `field` and `template`).
    var fieldReferences: [String] {
        switch self {
        case .field(let f): return [f]
        case .template(let t): return Template.placeholders(in: t)
        default: return []
        }
    }
}

/// `{name}` placeholders.
enum Template {
    static func placeholders(in t: String) -> [String] {
        var out: [String] = []
        var cur: String?
        for c in t {
            if c == "{" { cur = "" } else if c == "}", let n = cur { if !n.isEmpty { out.append(n) }; cur = nil } else if cur != nil { cur!.append(c) }
        }
        return out
    }

    static func fill(_ t: String, _ values: [String: [String]]) -> String? {
        var out = ""
        var name: String?
        for c in t {
            if c == "{" {
                name = ""
            } else if c == "}", let n = name {
                guard let v = values[n]?.first else { return nil }
                out += v
                name = nil
            } else if name != nil {
                name!.append(c)
            } else {
                out.append(c)
            }
        }
        return out
    }
}
