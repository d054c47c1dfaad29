/// Every XPath a parser file names, wherever it sits (links, record blocks, fields, skips).
extension ParserDefinition {
    public var xpaths: [String] {
        var out: [String] = canonicalXPath.map { [$0] } ?? []
        out += linkRules.values.map(\.xpath)
        for block in recordBlocks.values {
            if let each = block.each { out.append(each) }
            for spec in [block.id] + Array(block.fields.values) {
                for alt in spec.alternatives {
                    if case .xpath(let x, _, let skip) = alt.source {
                        out.append(x)
                        if let skip { out.append(skip) }
                    }
                }
            }
        }
        return out
    }
}
