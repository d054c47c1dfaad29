import CLibXML2

/// `jsonld` and `meta` sources: the page's structured data, read once per page and only when a
/// field asks for it. Both are page-wide, also inside an `each` block.
extension PageRun {
    func jsonldValues(_ path: JSONLDPath) throws -> [String] {
        path.values(in: try jsonldObjects())
    }

    func metaValues(_ key: String) throws -> [String] {
        try metaIndex()[key] ?? []
    }

    /// For a reject: why a `jsonld` source gave nothing; nil for other sources.
    func structuredMiss(_ source: ValueSpec.Source) throws -> String? {
        guard case .jsonld(let path) = source else { return nil }
        var why = path.whyEmpty(in: try jsonldObjects())
        if let skipped = structured?.skipped, !skipped.isEmpty {
            why += "; \(skipped.count) JSON-LD block\(skipped.count == 1 ? " was" : "s were") not valid JSON"
        }
        return "\(source.summary) gave no value: \(why)"
    }

    /// Every `<script type="application/ld+json">` decoded; a block that is not JSON is skipped
    /// and noted. All blocks together may hold as many values as the page's `nodes` budget.
    func jsonldObjects() throws -> [[String: JSONValue]] {
        guard let structured, let scripts = parser.plan.scripts else { return [] }
        if let done = structured.objects { return done }
        var objects: [[String: JSONValue]] = []
        var valuesLeft = meter.budget.nodes
        var number = 0
        for node in try evaluate(scripts, from: doc.documentNode).nodes where StructuredData.isJSONLD(type: node.attribute("type")) {
            number += 1
            try meter.check()
            do {
                StructuredData.flatten(try JSONReader.decode(node.rawText, valuesLeft: &valuesLeft), into: &objects)
            } catch let f as JSONReader.Failure where f.kind == .tooManyValues {
                throw meter.budget.exceeded(.nodes, url: page.url,
                                            detail: "the page's JSON-LD holds more than \(meter.budget.nodes) values (block \(number) at line \(xmlGetLineNo(node.ptr)))")
            } catch let f as JSONReader.Failure {
                structured.skipped.append("JSON-LD block \(number) (line \(xmlGetLineNo(node.ptr)) of the page) skipped, not valid JSON: \(f)")
            }
        }
        try meter.check()
        structured.objects = objects
        return objects
    }

    private func metaIndex() throws -> [String: [String]] {
        guard let structured, let metas = parser.plan.metas else { return [:] }
        if let done = structured.metas { return done }
        var index: [String: [String]] = [:]
        for node in try evaluate(metas, from: doc.documentNode).nodes {
            StructuredData.index(name: node.attribute("name"), property: node.attribute("property"),
                                 content: node.attribute("content"), into: &index)
        }
        structured.metas = index
        return index
    }
}
