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
                    target = URLResolver.resolve(href, against: baseURL).map { abs in
                        let url = parser.normalize(abs)
                        return (url, parser.pageKind(for: url))
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
