import GleanerModel

extension PageRun {
    /// Links of the kind's rules: resolved against the base URL, normalised, on the site's
    /// hosts and matching the target page kind; each URL once, in page order. Also counts, by
    /// the URL Standard's failure kind, the hrefs that are not valid URLs.
    func links() throws -> (links: [DiscoveredLink], invalid: [String: Int]) {
        var seen: Set<String> = []
        var out: [DiscoveredLink] = []
        var invalid: [String: Int] = [:]
        // Rules often share an XPath (`//a/@href`): evaluate and resolve each once.
        var targetsByXPath: [String: [ResolvedHref?]] = [:]
        guard let base = URLResolver.split(baseURL) else { return ([], [:]) }
        for ruleName in kind.links {
            guard let rule = parser.definition.linkRules[ruleName], let plan = parser.plan.links[ruleName] else { continue }
            let targets: [ResolvedHref?]
            if let t = targetsByXPath[rule.xpath] {
                targets = t
            } else {
                targets = try linkTargets(plan, base: base)
                targetsByXPath[rule.xpath] = targets
                for case let t? in targets { if let kind = t.invalid { invalid[kind.rawValue, default: 0] += 1 } }
            }
            for case let t? in targets where t.invalid == nil && t.kind == rule.kind && seen.insert(t.url).inserted {
                out.append(DiscoveredLink(url: t.url, pageKind: rule.kind))
            }
        }
        return (out, invalid)
    }

    /// Where each value of a link XPath leads, in page order. Hrefs that resolve the same on
    /// every page of this origin come from the parser's shared cache; the rest from this page.
    private func linkTargets(_ plan: XPathPlan, base: WebURL) throws -> [ResolvedHref?] {
        let v = try evaluate(plan, from: doc.documentNode)
        let hrefs = if case .nodes(let ns) = v { ns.map(\.rawText) } else { v.strings }
        let origin = URLResolver.originKey(base)
        let keys = hrefs.map { URLResolver.dependsOnlyOnOrigin($0) ? $0 : nil }
        let known = parser.linkCache.lookup(keys, origin: origin)
        var resolved: [String: ResolvedHref?] = [:]
        var learned: [(href: String, target: ResolvedHref?)] = []
        var out: [ResolvedHref?] = []
        out.reserveCapacity(hrefs.count)
        for (i, href) in hrefs.enumerated() {
            if let hit = known[i] { out.append(hit); continue }
            let t: ResolvedHref?
            if let r = resolved[href] { t = r } else {
                t = resolve(href, base: base)
                resolved[href] = t
                if keys[i] != nil { learned.append((href, t)) }
            }
            out.append(t)
        }
        parser.linkCache.store(learned, origin: origin)
        return out
    }

    /// Resolves, normalises and classifies one href as parts (the base is split once a page).
    /// nil for hrefs never followed (other schemes, the page itself).
    private func resolve(_ href: String, base: WebURL) -> ResolvedHref? {
        switch URLResolver.resolveReporting(href, against: base) {
        case .success(var p):
            parser.normalize(&p)
            // A hosts = ["*"] parser not bound to a source's seeds follows the page's own host.
            if parser.servesAnyHost, p.host != base.host { return ResolvedHref(url: p.serialization, kind: nil) }
            return ResolvedHref(url: p.serialization, kind: parser.pageKind(for: p, meter: meter))
        case .samePage:
            return nil
        case .failure(let f):
            return f.kind == .scheme ? nil : ResolvedHref(url: "", kind: nil, invalid: f.kind)
        }
    }
}
