import Foundation
import GleanerModel
import TOMLKit

/// Turns the TOML tree of a parser file into a `ParserDefinition`, checking every name,
/// XPath, regex and reference on the way.
enum DefinitionBuilder {
    static func build(_ root: TOMLReader, file: URL, types shared: TypeCatalog) -> ParserDefinition? {
        let ctx = root.context
        let site = root.table("site", required: true) ?? root.reader(TOMLTable(), at: "site")
        let name = site.string("name", required: true) ?? ""
        if !name.isEmpty, !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            site.report("name", "'\(name)' must be ASCII letters, digits, '-' or '_' (it names output records and files)")
        }
        let hostList = site.stringArray("hosts", required: true, orString: true)
        let hosts = (hostList ?? []).map { $0.lowercased() }
        if hostList?.isEmpty == true { site.report("hosts", "expected at least one host") }
        let anyHost = hosts.contains(ParserDefinition.seedHosts)
        if anyHost, hosts.count > 1 {
            site.report("hosts", "'*' (the hosts of each source's seeds) stands alone: write hosts = [\"*\"] or name the hosts")
        }
        for h in hosts where h != ParserDefinition.seedHosts && h.contains("*") {
            site.report("hosts", "'\(h)': host patterns are not supported; name each host, or write hosts = [\"*\"] for the hosts of each source's seeds")
        }
        let canonicalHost = site.string("canonical_host")?.lowercased()
        if let c = canonicalHost, anyHost {
            site.report("canonical_host", "'\(c)' cannot be set with hosts = [\"*\"]: such a parser serves whatever hosts a source's seeds name")
        } else if let c = canonicalHost, !hosts.contains(c) {
            site.report("canonical_host", "'\(c)' is not one of site.hosts")
        }
        let tz = site.string("time_zone") ?? "UTC"
        let zone = TimeZone(identifier: tz) ?? TimeZone(identifier: "UTC")!
        if TimeZone(identifier: tz) == nil { site.report("time_zone", "unknown time zone '\(tz)' (expected an IANA name such as Asia/Seoul)") }
        let charset = site.string("charset")
        if let c = charset, Charset.canonicalName(forLabel: c) == nil { site.report("charset", "unknown charset label '\(c)'") }
        let tracking = site.stringArray("tracking_parameters", orString: true) ?? []
        let maxBytes = site.int("max_page_bytes") ?? ParserDefinition.defaultMaxPageBytes
        if maxBytes <= 0 { site.report("max_page_bytes", "expected a positive number of bytes") }
        // The first canonical link of the page; parenthesised so that it compiles to one
        // descendant scan (XPathRewrite), not a child node set per node.
        let canonical = site.string("canonical") ?? "(//link[@rel='canonical'])[1]/@href"
        XPathCheck.check(canonical, site.keyPath("canonical"), ctx)
        site.finish()

        let ownTypes = TypeDeclarationBuilder.build(root)
        var types = shared
        for d in ownTypes {
            if let conflict = types.add(d) { ctx.report("types.\(d.name)", conflict) }
        }
        let tables = buildTables(root)
        let links = buildLinks(root)
        let records = buildRecords(root, tables: tables, types: types)
        let pages = buildPages(root, records: records, links: links)
        for (n, l) in links where !pages.contains(where: { $0.name == l.kind }) {
            ctx.report("links.\(n).kind", "unknown page kind '\(l.kind)' (defined: \(pages.map(\.name).joined(separator: ", ")))")
        }
        root.finish()
        return ParserDefinition(
            name: name, hosts: hosts, canonicalHost: canonicalHost, timeZone: tz, zone: zone, defaultCharset: charset,
            trackingParameters: tracking, maxPageBytes: maxBytes, canonicalXPath: canonical, tables: tables,
            pageKinds: pages, recordBlocks: records, linkRules: links, ownTypes: ownTypes, file: file)
    }

    static func buildTables(_ root: TOMLReader) -> [String: [String: String]] {
        guard let t = root.table("tables") else { return [:] }
        var out: [String: [String: String]] = [:]
        for name in t.keys {
            if let m = t.stringTable(name) { out[name] = m }
        }
        return out
    }

    static func buildLinks(_ root: TOMLReader) -> [String: LinkRule] {
        guard let t = root.table("links") else { return [:] }
        var out: [String: LinkRule] = [:]
        for name in t.keys {
            guard let lt = t.table(name) else { continue }
            let xpath = lt.string("xpath", required: true)
            let kind = lt.string("kind", required: true)
            if let xpath { XPathCheck.check(xpath, lt.keyPath("xpath"), lt.context) }
            if let xpath, let kind { out[name] = LinkRule(name: name, xpath: xpath, kind: kind) }
            lt.finish()
        }
        return out
    }

    static func buildPages(_ root: TOMLReader, records: [String: RecordBlock], links: [String: LinkRule]) -> [PageKind] {
        guard let t = root.table("pages", required: true) else { return [] }
        var out: [(line: Int, kind: PageKind)] = []
        for name in t.keys {
            guard let pt = t.table(name) else { continue }
            let pattern = pt.string("url", required: true)
            var regex: CompiledRegex?
            if let pattern {
                do { regex = try CompiledRegex(pattern) } catch { pt.report("url", "\(error)") }
            }
            let recs = pt.stringArray("records", orString: true) ?? []
            for (i, rn) in recs.enumerated() where records[rn] == nil {
                pt.report("records[\(i)]", "unknown record block '\(rn)' (defined: \(records.keys.sorted().joined(separator: ", ")))")
            }
            let lks = pt.stringArray("links", orString: true) ?? []
            for (i, ln) in lks.enumerated() where links[ln] == nil {
                pt.report("links[\(i)]", "unknown link rule '\(ln)' (defined: \(links.keys.sorted().joined(separator: ", ")))")
            }
            let format = pt.choice("format", PageFormat.allCases.map(\.rawValue)).flatMap(PageFormat.init(rawValue:)) ?? .html
            pt.finish()
            if let pattern, let regex {
                out.append((pt.context.locator.line(of: pt.path) ?? Int.max,
                            PageKind(name: name, urlPattern: pattern, regex: regex, literalPrefix: PageKind.literalPrefix(of: pattern),
                                     records: recs, links: lks, format: format)))
            }
        }
        if t.table.keys.isEmpty { t.context.report("pages", "expected at least one page kind") }
        // File order decides which kind wins when patterns overlap.
        return out.sorted { ($0.line, $0.kind.name) < ($1.line, $1.kind.name) }.map(\.kind)
    }

    static func buildRecords(_ root: TOMLReader, tables: [String: [String: String]], types: TypeCatalog) -> [String: RecordBlock] {
        guard let t = root.table("records") else { return [:] }
        var out: [String: RecordBlock] = [:]
        for name in t.keys {
            guard let bt = t.table(name) else { continue }
            defer { bt.finish() }
            let typeName = bt.string("type", required: true)
            let type = typeName.flatMap { types[RecordType($0)] }
            if let typeName, type == nil {
                let known = types.types.map(\.rawValue).joined(separator: ", ")
                bt.report("type", "record type '\(typeName)' is declared nowhere (declared: \(known.isEmpty ? "none" : known)); declare it under [types.\(typeName)] in this file or in a types/*.toml file of a parser directory")
            }
            let each = bt.string("each")
            if let each { XPathCheck.check(each, bt.keyPath("each"), bt.context) }
            let required = bt.bool("required") ?? (each == nil)
            let fieldsReader = bt.table("fields", required: true) ?? bt.reader(TOMLTable(), at: bt.keyPath("fields"))
            var fields: [String: FieldSpec] = [:]
            for f in fieldsReader.keys {
                let fpath = fieldsReader.keyPath(f)
                if let type, type.field(f) == nil {
                    bt.context.report(fpath, "'\(f)' is not a field of \(type) records (fields: \(type.fields.map(\.name).joined(separator: ", ")); a new field is declared in \(type.origin))")
                    continue
                }
                if let v = fieldsReader.value(f), let spec = FieldSpecBuilder.build(v, path: fpath, tables: tables, bt) {
                    fields[f] = spec
                }
            }
            if let type {
                for sf in type.fields where sf.required && fields[sf.name] == nil && fieldsReader.table[sf.name] == nil {
                    bt.report("fields", "missing required field '\(sf.name)' of \(type) records")
                }
            }
            var id: FieldSpec?
            if let idv = bt.value("id") {
                id = FieldSpecBuilder.build(idv, path: bt.keyPath("id"), tables: tables, bt)
            } else {
                bt.report("id", "missing; every record needs an id (e.g. { template = \"{date}/{location}\" })")
            }
            // Field references must name fields of this block.
            for (fname, spec) in fields.merging(id.map { ["id": $0] } ?? [:], uniquingKeysWith: { a, _ in a }) {
                for alt in spec.alternatives {
                    for ref in alt.source.fieldReferences where fields[ref] == nil || ref == fname {
                        bt.context.report(spec.keyPath, ref == fname ? "refers to itself" : "refers to field '\(ref)', which this block does not define")
                    }
                }
            }
            if let type, let id {
                out[name] = RecordBlock(name: name, declaration: type, each: each, required: required, id: id, fields: fields)
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
