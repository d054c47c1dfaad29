/// Charset labels and the detection rules: BOM → HTTP Content-Type → meta prescan → UTF-8
/// validity → the parser's default.
public enum Charset {
    /// How far the meta prescan reads. Browsers stop at 1024 bytes; real CMS pages put a long
    /// `<head>` of scripts and styles before their meta, so gleaner reads further, up to `</head>`.
    public static let prescanLimit = 64 * 1024

    /// The name gleaner decodes a label as, or nil for a label it does not know.
    ///
    /// The web's EUC-KR is Microsoft's CP949 superset (pages contain CP949-only syllables such
    /// as 똠 or 햏), so every Korean label decodes as CP949, like browsers do (WHATWG Encoding).
    public static func canonicalName(forLabel label: String) -> String? {
        let l = label.trimmingASCIIWhitespaceAndQuotes().lowercased()
        switch l {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8":
            return "UTF-8"
        case "euc-kr", "euckr", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601", "korean",
             "cskoi8r-no", "cseuckr", "csksc56011987", "iso-ir-149", "windows-949", "cp949", "x-windows-949",
             "ms949", "uhc", "x-uhc":
            return "CP949"
        case "utf-16le", "utf-16": return "UTF-16LE"
        case "utf-16be": return "UTF-16BE"
        // WHATWG: these labels all mean windows-1252 on the web.
        case "iso-8859-1", "latin1", "l1", "us-ascii", "ascii", "windows-1252", "cp1252", "iso8859-1",
             "iso_8859-1", "x-cp1252", "cp819", "ansi_x3.4-1968":
            return "WINDOWS-1252"
        case "shift_jis", "shift-jis", "sjis", "ms_kanji", "x-sjis", "windows-31j": return "CP932"
        case "euc-jp", "x-euc-jp": return "EUC-JP"
        case "gbk", "gb2312", "x-gbk", "cp936", "gb_2312-80": return "GBK"
        case "gb18030": return "GB18030"
        case "big5", "big5-hkscs", "x-x-big5": return "BIG5-HKSCS"
        case "koi8-r", "koi8r": return "KOI8-R"
        case "windows-1251", "cp1251": return "WINDOWS-1251"
        case "iso-8859-2", "latin2": return "ISO-8859-2"
        case "iso-8859-15", "latin9": return "ISO-8859-15"
        default:
            return nil
        }
    }

    /// The charset parameter of a Content-Type header value, e.g. `text/html; charset=EUC-KR`.
    public static func label(fromContentType value: String) -> String? {
        for part in value.split(separator: ";").dropFirst() {
            let kv = part.split(separator: "=", maxSplits: 1)
            guard kv.count == 2 else { continue }
            if kv[0].trimmingASCIIWhitespaceAndQuotes().lowercased() == "charset" {
                let v = kv[1].trimmingASCIIWhitespaceAndQuotes()
                return v.isEmpty ? nil : v
            }
        }
        return nil
    }

    /// Decides the charset of `bytes` by the rules, in order.
    public static func decide(
        bytes: [UInt8], contentType: String?, override: String?, defaultLabel: String?
    ) -> CharsetDecision {
        if let o = override, let name = canonicalName(forLabel: o) {
            return CharsetDecision(charset: name, label: o, source: .override)
        }
        if let bom = byteOrderMark(bytes) {
            return CharsetDecision(charset: bom.name, label: bom.name, source: .byteOrderMark)
        }
        if let ct = contentType, let l = label(fromContentType: ct), let name = canonicalName(forLabel: l) {
            return CharsetDecision(charset: name, label: l, source: .httpContentType)
        }
        if let l = MetaPrescan.charsetLabel(in: bytes, limit: prescanLimit), let name = canonicalName(forLabel: l) {
            // A meta can only be read if the page is ASCII-compatible, so a UTF-16 label means UTF-8 (WHATWG).
            let decoded = name.hasPrefix("UTF-16") ? "UTF-8" : name
            return CharsetDecision(charset: decoded, label: l, source: .metaTag)
        }
        if UTF8Validation.isValid(bytes) {
            return CharsetDecision(charset: "UTF-8", label: "utf-8", source: .utf8Validity)
        }
        if let d = defaultLabel, let name = canonicalName(forLabel: d) {
            return CharsetDecision(charset: name, label: d, source: .parserDefault)
        }
        return CharsetDecision(charset: "WINDOWS-1252", label: "windows-1252", source: .parserDefault)
    }

    static func byteOrderMark(_ b: [UInt8]) -> (name: String, length: Int)? {
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { return ("UTF-8", 3) }
        if b.count >= 2, b[0] == 0xFE, b[1] == 0xFF { return ("UTF-16BE", 2) }
        if b.count >= 2, b[0] == 0xFF, b[1] == 0xFE { return ("UTF-16LE", 2) }
        return nil
    }
}

extension StringProtocol {
    func trimmingASCIIWhitespaceAndQuotes() -> String {
        let drop: Set<Character> = [" ", "\t", "\n", "\r", "\u{0C}", "\"", "'"]
        var s = Substring(self)
        while let f = s.first, drop.contains(f) { s.removeFirst() }
        while let l = s.last, drop.contains(l) { s.removeLast() }
        return String(s)
    }
}
