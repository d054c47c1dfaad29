import CLibXML2

extension PageRun {
    /// Links of the kind's rules: resolved against the base URL, normalised, on the site's
    /// hosts and matching the target page kind; each URL once, in page order.
    func links() throws -> [DiscoveredLink] {
        var seen: Set<String> = []
        var out: [DiscoveredLink] = []
        // Rules often share an XPath (`//a/@href`): evaluate and resolve each once.
        var targetsByXPath: [String: [ResolvedHref?]] = [:]
        let baseParts = URLResolver.split(baseURL)
        for ruleName in kind.links {
            guard let rule = parser.definition.linkRules[ruleName] else { continue }
            let targets: [ResolvedHref?]
            if let t = targetsByXPath[rule.xpath] {
                targets = t
            } else {
                targets = try linkTargets(rule.xpath, base: baseParts)
                targetsByXPath[rule.xpath] = targets
            }
            for case let t? in targets where t.kind == rule.kind && seen.insert(t.url).inserted {
                out.append(DiscoveredLink(url: t.url, pageKind: rule.kind))
            }
        }
        return out
    }

    /// Where each value of a link XPath leads, in page order.
    private func linkTargets(_ xpath: String, base: URLResolver.Parts) throws -> [ResolvedHref?] {
        var memo: [String: ResolvedHref?] = [:]
        func target(_ href: String) -> ResolvedHref? {
            if let r = memo[href] { return r }
            let r = resolve(href, base: base)
            memo[href] = r
            return r
        }
        guard let path = parser.attributePaths[xpath] else {
            let v = try doc.evaluate(cache.expression(xpath))
            let hrefs = if case .nodes(let ns) = v { ns.map(\.rawText) } else { v.strings }
            return hrefs.map(target)
        }
        return doc.withAttributeValues(path) { values in
            // Hrefs that resolve the same on every page of this origin come from the shared
            // cache; the rest (relative hrefs, values not stored in place) from this page.
            let origin = URLResolver.originKey(base)
            let keys: [HrefKey?] = values.map { v in
                guard let text = v.text else { return nil }
                let bytes = UnsafeRawBufferPointer(start: text, count: Int(v.length))
                return URLResolver.dependsOnlyOnOrigin(bytes) ? HrefKey(borrowing: bytes) : nil
            }
            let known = parser.linkCache.lookup(keys, origin: origin)
            var learned: [(key: HrefKey, target: ResolvedHref?)] = []
            var out: [ResolvedHref?] = []
            out.reserveCapacity(values.count)
            for (i, v) in values.enumerated() {
                if let hit = known[i] { out.append(hit); continue }
                let href = v.text.map { String(decoding: UnsafeBufferPointer(start: $0, count: Int(v.length)), as: UTF8.self) }
                    ?? doc.node(v.attr).rawText
                let t = target(href)
                if let key = keys[i] { learned.append((key, t)) }
                out.append(t)
            }
            parser.linkCache.store(learned, origin: origin)
            return out
        }
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
