extension PageRun {
    /// Links of the kind's rules: resolved against the base URL, normalised, on the site's
    /// hosts and matching the target page kind; each URL once, in page order.
    func links() throws -> [DiscoveredLink] {
        var seen: Set<String> = []
        var out: [DiscoveredLink] = []
        // Rules often share an XPath (`//a/@href`): evaluate and resolve each once.
        var targetsByXPath: [String: [ResolvedHref?]] = [:]
        let base = URLResolver.split(baseURL)
        for ruleName in kind.links {
            guard let rule = parser.definition.linkRules[ruleName], let plan = parser.plan.links[ruleName] else { continue }
            let targets: [ResolvedHref?]
            if let t = targetsByXPath[rule.xpath] {
                targets = t
            } else {
                targets = try linkTargets(plan, base: base)
                targetsByXPath[rule.xpath] = targets
            }
            for case let t? in targets where t.kind == rule.kind && seen.insert(t.url).inserted {
                out.append(DiscoveredLink(url: t.url, pageKind: rule.kind))
            }
        }
        return out
    }

    /// Where each value of a link XPath leads, in page order. Hrefs that resolve the same on
    /// every page of this origin come from the parser's shared cache; the rest from this page.
    private func linkTargets(_ plan: XPathPlan, base: URLResolver.Parts) throws -> [ResolvedHref?] {
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
    private func resolve(_ href: String, base: URLResolver.Parts) -> ResolvedHref? {
        URLResolver.resolve(href, against: base).map { resolvedParts in
            var p = resolvedParts
            parser.normalize(&p)
            return ResolvedHref(url: p.string, kind: parser.pageKind(for: p, meter: meter))
        }
    }
}
