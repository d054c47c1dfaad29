import Foundation

extension PageRun {
    /// Links of the kind's rules: resolved against the base URL, normalised, on the site's
    /// hosts and matching the target page kind; each URL once, in page order.
    func links() throws -> [DiscoveredLink] {
        var seen: Set<String> = []
        var out: [DiscoveredLink] = []
        // Rules often share an XPath (`//a/@href`): evaluate each once, resolve each href once.
        var hrefsByXPath: [String: [String]] = [:]
        var resolved: [String: (url: String, kind: String?)?] = [:]
        let baseParts = URLResolver.split(baseURL)
        for ruleName in kind.links {
            guard let rule = parser.definition.linkRules[ruleName] else { continue }
            let hrefs: [String]
            if let h = hrefsByXPath[rule.xpath] {
                hrefs = h
            } else {
                let v = try doc.evaluate(cache.expression(rule.xpath))
                if case .nodes(let ns) = v { hrefs = ns.map(\.rawText) } else { hrefs = v.strings }
                hrefsByXPath[rule.xpath] = hrefs
            }
            for href in hrefs {
                let target: (url: String, kind: String?)?
                if let r = resolved[href] {
                    target = r
                } else {
                    // Parts all the way: split the base once, never re-split a resolved URL.
                    target = URLResolver.resolve(href, against: baseParts).map { resolvedParts in
                        var p = resolvedParts
                        parser.normalize(&p)
                        return (p.string, parser.pageKind(for: p))
                    }
                    resolved[href] = target
                }
                guard let target, target.kind == rule.kind, seen.insert(target.url).inserted else { continue }
                out.append(DiscoveredLink(url: target.url, pageKind: rule.kind))
            }
        }
        return out
    }
}
