import Foundation
import GleanerParse
import Testing

/// The charset decision: BOM → Content-Type → meta prescan → UTF-8 validity → parser default,
/// Korean labels as CP949, output always valid UTF-8.
struct CharsetTests {
    /// "똠방각하 햏" in CP949: 똠 and 햏 are CP949-only syllables (not in KS X 1001 EUC-KR).
    static let cp949Only: [UInt8] = [0x8C, 0x63, 0xB9, 0xE6, 0xB0, 0xA2, 0xC7, 0xCF, 0x20, 0xC1, 0x64]
    /// "한국어" in EUC-KR/CP949.
    static let hangul: [UInt8] = [0xC7, 0xD1, 0xB1, 0xB9, 0xBE, 0xEE]

    func page(head: String = "", body: [UInt8]) -> [UInt8] {
        Array("<html><head>\(head)<title>t</title></head><body><p id=x>".utf8) + body + Array("</p></body></html>".utf8)
    }

    func text(_ bytes: [UInt8], contentType: String? = nil, override: String? = nil, defaultCharset: String? = nil) throws -> (String?, CharsetDecision) {
        let doc = try HTMLDocument(bytes: bytes, url: "http://example.kr/", contentType: contentType,
                                   charsetOverride: override, defaultCharset: defaultCharset)
        return (try doc.string("//p[@id='x']"), doc.charset)
    }

    @Test(arguments: ["euc-kr", "EUC-KR", "ks_c_5601-1987", "windows-949", "cp949", "x-windows-949"])
    func koreanLabelsDecodeAsCP949IncludingCP949OnlySyllables(_ label: String) throws {
        let (t, d) = try text(page(head: "<meta charset=\"\(label)\">", body: Self.cp949Only))
        #expect(t == "똠방각하 햏")
        #expect(d.charset == "CP949")
        #expect(d.source == .metaTag)
        #expect(d.label == label)
        #expect(d.replacedBytes == 0)
    }

    @Test func byteOrderMarkBeatsEverything() throws {
        let bytes = [0xEF, 0xBB, 0xBF] + page(head: "<meta charset=euc-kr>", body: Array("한국어".utf8))
        let (t, d) = try text(bytes, contentType: "text/html; charset=euc-kr")
        #expect(t == "한국어")
        #expect(d.source == .byteOrderMark)
    }

    @Test func utf16WithBOMIsDecoded() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for u in String(decoding: page(body: Array("한국어".utf8)), as: UTF8.self).utf16 { bytes += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        let (t, d) = try text(bytes)
        #expect(t == "한국어")
        #expect(d.charset == "UTF-16LE")
    }

    @Test func contentTypeBeatsMeta() throws {
        let (t, d) = try text(page(head: "<meta charset=utf-8>", body: Self.hangul), contentType: "text/html; charset=\"EUC-KR\"")
        #expect(t == "한국어")
        #expect(d.source == .httpContentType)
    }

    @Test func overrideBeatsContentType() throws {
        let (t, d) = try text(page(body: Self.hangul), contentType: "text/html; charset=utf-8", override: "euc-kr")
        #expect(t == "한국어")
        #expect(d.source == .override)
    }

    @Test func httpEquivMetaIsRead() throws {
        let (t, d) = try text(page(head: "<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=euc-kr'>", body: Self.hangul))
        #expect(t == "한국어")
        #expect(d.source == .metaTag)
    }

    @Test func metaAfterTheFirst1024BytesIsFound() throws {
        let filler = "<style>" + String(repeating: "p{margin:0}\n", count: 400) + "</style><!-- <meta charset=utf-8> -->"
        let bytes = page(head: filler + "<meta charset=euc-kr>", body: Self.hangul)
        #expect(bytes.count > 4096)
        let (t, d) = try text(bytes)
        #expect(t == "한국어")
        #expect(d.source == .metaTag)
    }

    @Test func metaInsideACommentIsIgnoredAndMetaInBodyIsNot() throws {
        let (_, d1) = try text(page(head: "<!-- <meta charset=euc-kr> -->", body: Array("한국어".utf8)))
        #expect(d1.source == .utf8Validity)
        // The prescan stops at </head>: a meta in the body does not decide.
        let late = Array("<html><head></head><body><meta charset=euc-kr><p id=x>".utf8) + Array("한국어".utf8) + Array("</p>".utf8)
        let (t2, d2) = try text(late)
        #expect(t2 == "한국어")
        #expect(d2.source == .utf8Validity)
    }

    @Test func validUTF8WithoutDeclarationIsUTF8() throws {
        let (t, d) = try text(page(body: Array("한국어 ‘인용’ …".utf8)), defaultCharset: "euc-kr")
        #expect(t == "한국어 ‘인용’ …")
        #expect(d.source == .utf8Validity)
    }

    @Test func undeclaredLegacyBytesFallBackToTheParsersDefault() throws {
        let (t, d) = try text(page(body: Self.cp949Only), defaultCharset: "euc-kr")
        #expect(t == "똠방각하 햏")
        #expect(d.source == .parserDefault)
        // Without a default: windows-1252, still valid UTF-8 out (mojibake, but never broken text).
        let (t2, d2) = try text(page(body: Self.hangul))
        #expect(d2.charset == "WINDOWS-1252")
        #expect(t2 != nil && t2 != "한국어")
    }

    @Test func undecodableBytesBecomeReplacementCharactersAndAreCounted() throws {
        // 0xFF is not valid in CP949; the rest of the page must survive.
        let (t, d) = try text(page(head: "<meta charset=euc-kr>", body: Self.hangul + [0xFF] + Self.hangul))
        #expect(t == "한국어\u{FFFD}한국어")
        #expect(d.replacedBytes == 1)
    }

    @Test func brokenUTF8IsRepaired() throws {
        let (t, d) = try text(page(head: "<meta charset=utf-8>", body: Array("한".utf8) + [0xC3, 0x28] + Array("국".utf8)))
        #expect(t?.hasPrefix("한\u{FFFD}") == true)
        #expect(t?.hasSuffix("국") == true)
        #expect(d.replacedBytes >= 1)
    }

    @Test func labelsAndContentTypeParsing() {
        #expect(Charset.canonicalName(forLabel: " \"EUC-KR\" ") == "CP949")
        #expect(Charset.canonicalName(forLabel: "latin1") == "WINDOWS-1252")
        #expect(Charset.canonicalName(forLabel: "klingon") == nil)
        #expect(Charset.label(fromContentType: "text/html;charset=utf-8") == "utf-8")
        #expect(Charset.label(fromContentType: "text/html") == nil)
    }
}
