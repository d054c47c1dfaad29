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

    /// Whether any XPath names `script` or `style` (JSON-LD in a script, say). Only then do
    /// their contents reach the tree: otherwise gleaner drops them before parsing (RawText).
    public var readsRawText: Bool {
        // On bytes, ASCII case folding only (element names are ASCII): Foundation's case folding
        // and substring search page in ICU's tables, 3 MB of resident memory for one check.
        let names = [Array("script".utf8), Array("style".utf8)]
        return xpaths.contains { x in
            let folded = x.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            return names.contains { folded.firstRange(of: $0) != nil }
        }
    }
}
