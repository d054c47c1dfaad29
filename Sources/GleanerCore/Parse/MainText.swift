import CLibXML2

/// The main-text heuristic behind `text = "main"`: finds the element that holds a page's running
/// text and returns its paragraphs, for pages whose body no structured data or site XPath gives.
///
/// In the spirit of readability and trafilatura, kept small and deterministic:
/// 1. Boilerplate is never looked at: `nav`, `header`, `footer`, `aside`, `form`, what the text
///    extractor drops (`script`, `style`, …), hidden elements, the caller's `skip` nodes, and
///    elements whose class or id names boilerplate (`comment`, `share`, `related`, `promo`, `ad`,
///    …) unless it also names content (`article`, `content`, `story`, `entry`, `body`, `main`).
/// 2. Each text block — a `<p>` or `<pre>`, or an element's own loose text (text between `<br>`s)
///    — of at least `minBlock` characters scores its characters outside links. A `<p>` adds its
///    score to its parent and half to its grandparent; loose text to its element and half to
///    that element's parent.
/// 3. A candidate's score is that sum times (1 − its link density) times a weight: 2 for
///    `itemprop="articleBody"`, else 1, +0.25 for a content word in its class or id, −0.25 for a
///    boilerplate word. The highest wins; ties go to the first in page order. Below `minScore`
///    the page has no main text.
/// 4. The winner's paragraphs, as `text = "paragraphs"` gives them, without its boilerplate and
///    without blocks inside it that are mostly links (a "related articles" list).
enum MainText {
    /// Characters (not bytes) a text block needs to count: shorter ones are labels and buttons.
    static let minBlock = 25
    /// Score the winner needs: about two sentences of text outside links.
    static let minScore = 100.0

    static func paragraphs(of root: xmlNodePtr, skipping skip: Set<UnsafeMutableRawPointer>, limit: Int = .max) -> [String] {
        var pass = Pass(skip: skip)
        guard let best = pass.bestCandidate(in: root) else { return [] }
        var removed = skip
        pass.collectRemoved(under: best, into: &removed)
        return TextExtractor.paragraphs(of: best, skipping: removed, limit: limit)
    }

    /// One walk over the tree: every element's text and link text, and the candidates' scores.
    /// Linear in the page's nodes.
    struct Pass {
        let skip: Set<UnsafeMutableRawPointer>
        /// Text and link text of each element looked at (boilerplate is not).
        var sizes: [UnsafeMutableRawPointer: Measure] = [:]
        var scores: [UnsafeMutableRawPointer: Double] = [:]
        /// Elements that scored, in the order they first did.
        var order: [xmlNodePtr] = []

        init(skip: Set<UnsafeMutableRawPointer>) { self.skip = skip }

        /// The element holding the main text, or nil when no element scores `minScore`. Only
        /// `root` and elements inside it are candidates.
        mutating func bestCandidate(in root: xmlNodePtr) -> xmlNodePtr? {
            if root.pointee.type == XML_ELEMENT_NODE {
                _ = visit(root, inLink: false)
            } else {
                var child = root.pointee.children
                while let c = child {
                    if c.pointee.type == XML_ELEMENT_NODE { _ = visit(c, inLink: false) }
                    child = c.pointee.next
                }
            }
            var best: (node: xmlNodePtr, score: Double)?
            for node in order {
                let key = UnsafeMutableRawPointer(node)
                guard let m = sizes[key], m.chars > 0 else { continue }
                let density = Double(m.linkChars) / Double(m.chars)
                let score = scores[key]! * (1 - density) * MainText.hintWeight(node)
                if score > (best?.score ?? 0) { best = (node, score) }
            }
            guard let best, best.score >= minScore else { return nil }
            return best.node
        }

        /// The element's text and link text; scores its text blocks on the way.
        private mutating func visit(_ node: xmlNodePtr, inLink: Bool) -> Measure {
            guard !MainText.isBoilerplate(node, skip: skip) else { return Measure() }
            let link = inLink || named(node, "a")
            var total = Measure(), loose = Measure()
            var child = node.pointee.children
            while let c = child {
                child = c.pointee.next
                switch c.pointee.type {
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    let n = MainText.characters(c.pointee.content)
                    let t = Measure(chars: n, linkChars: link ? n : 0)
                    total.add(t)
                    loose.add(t)
                case XML_ELEMENT_NODE:
                    let m = visit(c, inLink: link)
                    total.add(m)
                    if gl_html_text_role(c.pointee.name) == 0 { loose.add(m) }
                default:
                    continue
                }
            }
            sizes[UnsafeMutableRawPointer(node)] = total
            if named(node, "p") || named(node, "pre") {
                if total.chars >= minBlock {
                    add(node.pointee.parent, total.outsideLinks)
                    add(node.pointee.parent?.pointee.parent, total.outsideLinks / 2)
                }
            } else if loose.chars >= minBlock {
                add(node, loose.outsideLinks)
                add(node.pointee.parent, loose.outsideLinks / 2)
            }
            return total
        }

        private mutating func add(_ node: xmlNodePtr?, _ value: Double) {
            guard let node, node.pointee.type == XML_ELEMENT_NODE, value > 0 else { return }
            let key = UnsafeMutableRawPointer(node)
            if scores[key] == nil { order.append(node) }
            scores[key, default: 0] += value
        }

        /// Blocks inside the winner that are boilerplate or mostly links, removed from its text.
        func collectRemoved(under node: xmlNodePtr, into removed: inout Set<UnsafeMutableRawPointer>) {
            var child = node.pointee.children
            while let c = child {
                child = c.pointee.next
                guard c.pointee.type == XML_ELEMENT_NODE else { continue }
                let key = UnsafeMutableRawPointer(c)
                if MainText.isBoilerplate(c, skip: skip) {
                    removed.insert(key)
                    continue
                }
                if gl_html_text_role(c.pointee.name) == 1, !named(c, "p"), !named(c, "pre"), let m = sizes[key], m.chars > 0,
                   m.linkChars * 2 > m.chars {
                    removed.insert(key)
                    continue
                }
                collectRemoved(under: c, into: &removed)
            }
        }
    }

    // MARK: - What counts

    private static let boilerplateTags: Set<String> = ["nav", "header", "footer", "aside", "form", "menu"]
    private static let negativeHints: Set<String> = [
        "comment", "comments", "reply", "share", "sharing", "social", "sns", "related", "relation", "recommend",
        "recommended", "promo", "promotion", "ad", "ads", "advert", "advertisement", "banner", "sponsor",
        "sponsored", "sidebar", "widget", "popular", "ranking", "rank", "newsletter", "subscribe", "footer",
        "header", "nav", "menu", "breadcrumb", "tags", "copyright", "more", "outbrain", "taboola",
    ]
    private static let positiveHints: Set<String> = [
        "article", "articlebody", "content", "story", "post", "entry", "body", "text", "main", "news", "view",
    ]
    /// The content words that keep an element with a boilerplate word, scored down instead
    /// (`content-sidebar-wrap` is kept, `related-news` is boilerplate).
    private static let keepHints: Set<String> = ["article", "articlebody", "content", "story", "entry", "body", "main"]

    /// Never a candidate and never counted: see the type's comment.
    static func isBoilerplate(_ node: xmlNodePtr, skip: Set<UnsafeMutableRawPointer>) -> Bool {
        if !skip.isEmpty, skip.contains(UnsafeMutableRawPointer(node)) { return true }
        if gl_html_text_role(node.pointee.name) == 2 || TextExtractor.isHidden(node) { return true }
        if let n = node.pointee.name, boilerplateTags.contains(String(cString: n)) { return true }
        let tokens = hintTokens(node)
        return !tokens.isDisjoint(with: negativeHints) && tokens.isDisjoint(with: keepHints)
    }

    static func hintWeight(_ node: xmlNodePtr) -> Double {
        if attribute(node, "itemprop")?.lowercased() == "articlebody" { return 2 }
        let tokens = hintTokens(node)
        var w = 1.0
        if !tokens.isDisjoint(with: positiveHints) { w += 0.25 }
        if !tokens.isDisjoint(with: negativeHints) { w -= 0.25 }
        return w
    }

    /// Lower-case words of the class and id, split at anything but letters and digits:
    /// `article-view-content-div` → article, view, content, div.
    private static func hintTokens(_ node: xmlNodePtr) -> Set<String> {
        var out: Set<String> = []
        for a in ["class", "id"] {
            guard let v = attribute(node, a) else { continue }
            for t in v.lowercased().split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) }) { out.insert(String(t)) }
        }
        return out
    }

    // MARK: - Measuring

    struct Measure {
        var chars = 0
        var linkChars = 0
        var outsideLinks: Double { Double(chars - linkChars) }
        mutating func add(_ m: Measure) { chars += m.chars; linkChars += m.linkChars }
    }

    /// UTF-8 characters that are not ASCII whitespace (continuation bytes not counted).
    static func characters(_ text: UnsafeMutablePointer<xmlChar>?) -> Int {
        guard var p = text else { return 0 }
        var n = 0
        while p.pointee != 0 {
            let b = p.pointee
            if b & 0xC0 != 0x80, b != 0x20, b != 0x09, b != 0x0A, b != 0x0D, b != 0x0C { n += 1 }
            p += 1
        }
        return n
    }


    private static func attribute(_ node: xmlNodePtr, _ key: String) -> String? {
        guard let v = xmlGetProp(node, key) else { return nil }
        defer { gl_xml_free(v) }
        return String(cString: v)
    }
}

/// Whether the element's name is `name` (lower-case ASCII, as libxml2's HTML parser stores it).
private func named(_ node: xmlNodePtr, _ name: StaticString) -> Bool {
    guard let n = node.pointee.name else { return false }
    return xmlStrEqual(n, UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: xmlChar.self)) != 0
}
