import Foundation

/// Compiles an XPath, names functions XPath 1.0 does not have (libxml2 only notices those
/// when a predicate is evaluated on a matching node), and evaluates it once on a small page.
enum XPathCheck {
    static let functions: Set<String> = [
        "last", "position", "count", "id", "local-name", "namespace-uri", "name", "string", "concat",
        "starts-with", "contains", "substring-before", "substring-after", "substring", "string-length",
        "normalize-space", "translate", "boolean", "not", "true", "false", "lang", "number", "sum", "floor",
        "ceiling", "round", "escape-uri",
        // Node tests look like calls.
        "node", "text", "comment", "processing-instruction",
    ]

    /// Reports what is wrong with `xpath` at the key path `path`.
    static func check(_ xpath: String, _ path: String, _ context: TOMLReader.Context) {
        if let problem = problem(with: xpath) { context.report(path, problem) }
    }

    static func problem(with xpath: String) -> String? {
        do {
            let e = try XPathExpression(xpath)
            if let unknown = calledFunctions(in: xpath).first(where: { !functions.contains($0) }) {
                return "unknown XPath function '\(unknown)()' in '\(xpath)' (XPath 1.0 functions: \(functions.subtracting(["node", "text", "comment", "processing-instruction"]).sorted().joined(separator: ", ")))"
            }
            let doc = try HTMLDocument(utf8: Array("<html><body><p>x</p></body></html>".utf8), url: "http://check.invalid/")
            // XML page kinds' prefixes (`XMLNamespaces`) are known, as on their pages.
            doc.knowsXMLPrefixes = true
            _ = try doc.evaluate(e)
            return nil
        } catch let e as XPathError {
            return "XPath does not compile: \(e.detail) in '\(xpath)'"
        } catch {
            return "XPath does not compile: \(error)"
        }
    }

    /// Names followed by `(` outside string literals.
    static func calledFunctions(in xpath: String) -> [String] {
        var names: [String] = []
        var quote: Character?
        var current = ""
        var lastName: String?
        for c in xpath {
            if let q = quote {
                if c == q { quote = nil }
                continue
            }
            if c == "'" || c == "\"" { quote = c; current = ""; lastName = nil; continue }
            if c.isLetter || c.isNumber || c == "-" || c == "_" || c == "." || c == ":" {
                current.append(c)
                continue
            }
            if !current.isEmpty { lastName = current; current = "" }
            if c == " " || c == "\t" || c == "\n" { continue }
            if c == "(", let n = lastName, let f = n.first, f.isLetter, !n.contains("::") { names.append(n) }
            lastName = nil
        }
        return names
    }
}
