import Testing
@testable import GleanerModel

/// WebURL against the URL Standard (https://url.spec.whatwg.org/), one suite per section of
/// the basic URL parser. Inputs are the kinds of hrefs real pages carry.
enum WebURLCase {
    static let page = WebURL("http://www.tvseoul.kr/news/article.html?no=62031#top")!

    /// The serialization, or "failure: <kind>".
    static func parse(_ input: String, base: WebURL? = page) -> String {
        switch WebURL.parse(input, base: base) {
        case .success(let url): url.serialization
        case .failure(let f): "failure: \(f.kind.rawValue)"
        }
    }
}

@Suite("URL Standard §4.4 preprocessing: C0 and space trimmed, tab and newline removed")
struct WebURLPreprocessingTests {
    @Test(arguments: [
        ("  /news/a.html  ", "http://www.tvseoul.kr/news/a.html"),
        ("\u{0}\u{1F}\u{0C} /x\u{7}\u{20}", "http://www.tvseoul.kr/x"),
        ("/news/\narticle.html?no=\t1", "http://www.tvseoul.kr/news/article.html?no=1"),
        ("ht\ntp://exa\tmple.com/a\r\nb", "http://example.com/ab"),
        (" \t\n", "http://www.tvseoul.kr/news/article.html?no=62031"),
    ])
    func trimsAndDropsTabsAndNewlines(_ input: String, _ want: String) {
        #expect(WebURLCase.parse(input) == want)
    }

    /// Only the ends are trimmed: a space inside is percent-encoded, not removed.
    @Test func innerSpaceIsKeptEncoded() {
        #expect(WebURLCase.parse(" /a b ") == "http://www.tvseoul.kr/a%20b")
    }
}

@Suite("URL Standard §4.4 scheme state")
struct WebURLSchemeTests {
    @Test func schemeIsLowerCased() {
        #expect(WebURLCase.parse("HTTPS://Example.COM/") == "https://example.com/")
    }

    @Test(arguments: ["mailto:a@b.kr", "javascript:void(0)", "ftp://x/", "data:text/html,hi", "tel:02"])
    func otherSchemesAreRefusedNamingTheScheme(_ input: String) throws {
        guard case .failure(let f) = WebURL.parse(input, base: WebURLCase.page) else { Issue.record("parsed \(input)"); return }
        #expect(f.kind == .scheme)
        #expect(f.detail.contains("is not http or https"))
    }

    /// The same scheme as the base without `//` is relative (special relative state); another
    /// special scheme is absolute, whatever the slashes.
    @Test(arguments: [
        ("http:foo.html", "http://www.tvseoul.kr/news/foo.html"),
        ("http:/foo.html", "http://www.tvseoul.kr/foo.html"),
        ("http:", "http://www.tvseoul.kr/news/article.html?no=62031"),
        ("https:example.com/x", "https://example.com/x"),
        ("https:\\\\\\example.com/x", "https://example.com/x"),
    ])
    func sameSchemeWithoutSlashesIsRelative(_ input: String, _ want: String) {
        #expect(WebURLCase.parse(input) == want)
    }

    @Test func relativeWithoutBaseFails() {
        #expect(WebURLCase.parse("/news/a.html", base: nil) == "failure: no-base")
        #expect(WebURLCase.parse("http:x", base: nil) == "http://x/")
    }
}

@Suite("URL Standard §4.4 authority state: user info")
struct WebURLAuthorityTests {
    @Test(arguments: [
        ("http://user:pa:ss@h/", "http://user:pa%3Ass@h/"),
        ("http://a@b@h/", "http://a%40b@h/"),
        ("http://:@h/", "http://h/"),
        ("http://u:@h/", "http://u@h/"),
        ("http://us er:p\"w@h/", "http://us%20er:p%22w@h/"),
        ("//u@other.kr/p", "http://u@other.kr/p"),
    ])
    func userInfoIsSplitAtTheLastAtAndEncoded(_ input: String, _ want: String) {
        #expect(WebURLCase.parse(input) == want)
    }

    @Test(arguments: ["http://user@/x", "http://@", "http://", "http://?q", "http://#f", "http://:80/"])
    func anEmptyHostFails(_ input: String) {
        #expect(WebURLCase.parse(input, base: nil) == "failure: host-missing")
    }

    @Test func backslashesEndTheAuthority() {
        #expect(WebURLCase.parse("\\\\cdn.example.com\\img\\a.png") == "http://cdn.example.com/img/a.png")
        #expect(WebURLCase.parse("http://h\\@evil.example/") == "http://h/@evil.example/")
    }
}

@Suite("URL Standard §3.5 host parsing: domains, forbidden code points, IDNA")
struct WebURLHostTests {
    @Test(arguments: [
        ("http://WWW.TvSeoul.KR/", "http://www.tvseoul.kr/"),
        ("http://%77ww.tvseoul.kr/", "http://www.tvseoul.kr/"),
        ("http://한국.kr/", "http://xn--3e0b707e.kr/"),
        ("http://티비서울.한국/뉴스", "http://xn--9w3b25cd1govo.xn--3e0b707e/%EB%89%B4%EC%8A%A4"),
        ("http://ＴＶｓｅｏｕｌ．ｋｒ/", "http://tvseoul.kr/"),
        ("http://Bücher.example/", "http://xn--bcher-kva.example/"),
        ("http://faß.de/", "http://xn--fa-hia.de/"),
        ("http://xn--3e0b707e.kr/", "http://xn--3e0b707e.kr/"),
        ("http://a..b./", "http://a..b./"),
    ])
    func hostsBecomeLowerCaseASCII(_ input: String, _ want: String) {
        #expect(WebURLCase.parse(input) == want)
    }

    @Test(arguments: ["http://a b/", "http://a<b/", "http://a^b/", "http://a|b/", "http://a%25b/", "http://a%00b/",
                      "http://a%2Fb/", "http://a]b/", "http://a\u{7F}b/"])
    func forbiddenDomainCodePointsFail(_ input: String) throws {
        guard case .failure(let f) = WebURL.parse(input) else { Issue.record("parsed \(input)"); return }
        #expect(f.kind == .hostInvalid)
        #expect(f.detail.contains("forbidden character"))
    }

    @Test(arguments: ["http://%C0%AF.kr/", "http://%EF%B7%90x.kr/", "http://xn--a.kr/", "http://xn--pokxncvks.kr/"])
    func invalidInternationalNamesFail(_ input: String) {
        #expect(WebURLCase.parse(input) == "failure: host-invalid")
    }

    @Test func allowedPunctuationStaysInTheHost() {
        #expect(WebURLCase.parse("http://a_b-c~d!$&'()*+,;=.kr/") == "http://a_b-c~d!$&'()*+,;=.kr/")
    }
}

@Suite("URL Standard §3.5 IPv4 parser")
struct WebURLIPv4Tests {
    @Test(arguments: [
        ("http://127.0.0.1/", "http://127.0.0.1/"),
        ("http://0x7f.1/", "http://127.0.0.1/"),
        ("http://0177.0.0.01/", "http://127.0.0.1/"),
        ("http://2130706433/", "http://127.0.0.1/"),
        ("http://0X7F000001/", "http://127.0.0.1/"),
        ("http://10.1.258/", "http://10.1.1.2/"),
        ("http://1.2.3.4./", "http://1.2.3.4/"),
        ("http://0x.0/", "http://0.0.0.0/"),
        ("http://4294967295/", "http://255.255.255.255/"),
        ("http://1.2.3.4.kr/", "http://1.2.3.4.kr/"),
        ("http://0x7g.kr/", "http://0x7g.kr/"),
    ])
    func numberFormsBecomeDottedDecimal(_ input: String, _ want: String) {
        #expect(WebURLCase.parse(input) == want)
    }

    @Test(arguments: ["http://4294967296/", "http://1.2.3.4.5/", "http://256.1.1.1/", "http://1.2.3.09/",
                      "http://1..2/", "http://kr.0x10/", "http://0x100000000/", "http://99999999999999999999/"])
    func hostsEndingInANumberMustBeAddresses(_ input: String) {
        #expect(WebURLCase.parse(input) == "failure: ipv4-invalid")
    }
}

@Suite("URL Standard §3.5 IPv6 parser and serializer")
struct WebURLIPv6Tests {
    @Test(arguments: [
        ("http://[::1]/", "http://[::1]/"),
        ("http://[0:0:0:0:0:0:0:1]/", "http://[::1]/"),
        ("http://[2001:DB8:0:0:1:0:0:1]/", "http://[2001:db8::1:0:0:1]/"),
        ("http://[2001:db8:0:0:0:1:0:0]:8080/", "http://[2001:db8::1:0:0]:8080/"),
        ("http://[1:0:1:0:1:0:1:0]/", "http://[1:0:1:0:1:0:1:0]/"),
        ("http://[::ffff:192.168.0.1]/", "http://[::ffff:c0a8:1]/"),
        ("http://[0::]/", "http://[::]/"),
        ("http://[0001:0002::]/", "http://[1:2::]/"),
    ])
    func addressesAreCompressedAndLowerCased(_ input: String, _ want: String) {
        #expect(WebURLCase.parse(input) == want)
    }

    @Test(arguments: ["http://[::1/", "http://[1::2::3]/", "http://[1:2:3:4:5:6:7:8:9]/", "http://[1:2]/", "http://[::1.2.3]/",
                      "http://[::1.2.3.04]/", "http://[::256.0.0.1]/", "http://[g::]/", "http://[:1]/", "http://[1:]/"])
    func malformedAddressesFail(_ input: String) {
        #expect(WebURLCase.parse(input) == "failure: ipv6-invalid")
    }
}

@Suite("URL Standard §4.4 port state")
struct WebURLPortTests {
    @Test(arguments: [
        ("http://h:80/", "http://h/"), ("https://h:443/", "https://h/"), ("http://h:443/", "http://h:443/"),
        ("https://h:80/", "https://h:80/"), ("http://h:0080/", "http://h/"), ("http://h:/", "http://h/"),
        ("http://h:8080", "http://h:8080/"), ("http://h:65535/", "http://h:65535/"), ("http://h:0/", "http://h:0/"),
    ])
    func defaultPortsAreDropped(_ input: String, _ want: String) {
        #expect(WebURLCase.parse(input) == want)
    }

    @Test func effectivePortFallsBackToTheSchemeDefault() throws {
        #expect(try #require(WebURL("http://h/")).effectivePort == 80)
        #expect(try #require(WebURL("https://h/")).effectivePort == 443)
        #expect(try #require(WebURL("https://h:80/")).effectivePort == 80)
        #expect(try #require(WebURL("https://h:443/")).port == nil)
    }

    @Test(arguments: ["http://h:65536/", "http://h:-1/", "http://h:8o/", "http://h: 80/", "http://h:99999999999999999999/"])
    func badPortsFail(_ input: String) {
        #expect(WebURLCase.parse(input) == "failure: port-invalid")
    }
}

@Suite("URL Standard §4.4 path state: dot segments and the path percent-encode set")
struct WebURLPathTests {
    @Test(arguments: [
        ("../a.html", "http://www.tvseoul.kr/a.html"),
        ("../../../../a.html", "http://www.tvseoul.kr/a.html"),
        ("./", "http://www.tvseoul.kr/news/"),
        ("a/./b/../c", "http://www.tvseoul.kr/news/a/c"),
        ("/a/%2e/b", "http://www.tvseoul.kr/a/b"),
        ("/a/%2E%2e/b", "http://www.tvseoul.kr/b"),
        ("/a/.%2e/b", "http://www.tvseoul.kr/b"),
        ("/a/%2e./b", "http://www.tvseoul.kr/b"),
        ("/a/b/..", "http://www.tvseoul.kr/a/"),
        ("/a/..b/...", "http://www.tvseoul.kr/a/..b/..."),
        ("/a/%2e%2", "http://www.tvseoul.kr/a/%2e%2"),
        ("\\a\\b", "http://www.tvseoul.kr/a/b"),
        ("//h//a//..", "http://h//a/"),
    ])
    func dotSegmentsAreRemovedIncludingEncodedOnes(_ input: String, _ want: String) {
        #expect(WebURLCase.parse(input) == want)
    }

    @Test(arguments: [
        ("/검색 결과", "http://www.tvseoul.kr/%EA%B2%80%EC%83%89%20%EA%B2%B0%EA%B3%BC"),
        ("/a\"<>`{}b", "http://www.tvseoul.kr/a%22%3C%3E%60%7B%7Db"),
        ("/a|^[]'!$&()*+,;=:@~b", "http://www.tvseoul.kr/a|^[]'!$&()*+,;=:@~b"),
        ("/%zz%41%7e", "http://www.tvseoul.kr/%zz%41%7e"),
        ("/a\u{7F}\u{1}b", "http://www.tvseoul.kr/a%7F%01b"),
    ])
    func pathUsesThePathPercentEncodeSet(_ input: String, _ want: String) {
        #expect(WebURLCase.parse(input) == want)
    }
}

@Suite("URL Standard §4.4 query state: the special-query percent-encode set")
struct WebURLQueryTests {
    @Test(arguments: [
        ("?sch_txt=영등포", "http://www.tvseoul.kr/news/article.html?sch_txt=%EC%98%81%EB%93%B1%ED%8F%AC"),
        ("?a='b'&c=\"d\"", "http://www.tvseoul.kr/news/article.html?a=%27b%27&c=%22d%22"),
        ("?a b<>", "http://www.tvseoul.kr/news/article.html?a%20b%3C%3E"),
        ("?`{}|^\\?/", "http://www.tvseoul.kr/news/article.html?`{}|^\\?/"),
        ("?", "http://www.tvseoul.kr/news/article.html?"),
        ("??x", "http://www.tvseoul.kr/news/article.html??x"),
    ])
    func queryUsesTheSpecialQuerySet(_ input: String, _ want: String) {
        #expect(WebURLCase.parse(input) == want)
    }

    @Test func queryOfTheBaseIsKeptOnlyForEmptyAndFragmentReferences() {
        #expect(WebURLCase.parse("#c") == "http://www.tvseoul.kr/news/article.html?no=62031#c")
        #expect(WebURLCase.parse("b.html") == "http://www.tvseoul.kr/news/b.html")
    }
}

@Suite("URL Standard §4.4 fragment state: the fragment percent-encode set")
struct WebURLFragmentTests {
    @Test(arguments: [
        ("#a b\"<>`", "http://www.tvseoul.kr/news/article.html?no=62031#a%20b%22%3C%3E%60"),
        ("#한", "http://www.tvseoul.kr/news/article.html?no=62031#%ED%95%9C"),
        ("#a#b?c{}", "http://www.tvseoul.kr/news/article.html?no=62031#a#b?c{}"),
    ])
    func fragmentUsesTheFragmentSet(_ input: String, _ want: String) {
        #expect(WebURLCase.parse(input) == want)
    }

    @Test func componentsAreReadWithoutTheFragment() throws {
        let url = try #require(WebURL("https://u:p@Example.com:8443/a/b?x=1#frag"))
        #expect(url.scheme == "https")
        #expect(url.userinfo == "u:p")
        #expect(url.host == "example.com")
        #expect(url.port == 8443)
        #expect(url.path == "/a/b")
        #expect(url.query == "x=1")
        #expect(url.fragment == "frag")
        #expect(url.pathAndQuery == "/a/b?x=1")
        #expect(url.hostAndPort == "example.com:8443")
        #expect(url.withoutFragment.serialization == "https://u:p@example.com:8443/a/b?x=1")
    }
}

@Suite("URL Standard §4.4 relative resolution against a base")
struct WebURLRelativeTests {
    static let base = WebURL("https://u@m.tvseoul.kr:8443/news/list/page.html?sec=1#f")!

    @Test(arguments: [
        ("a.html", "https://u@m.tvseoul.kr:8443/news/list/a.html"),
        ("/a.html", "https://u@m.tvseoul.kr:8443/a.html"),
        ("//cdn.kr/a.js", "https://cdn.kr/a.js"),
        ("?p=2", "https://u@m.tvseoul.kr:8443/news/list/page.html?p=2"),
        ("", "https://u@m.tvseoul.kr:8443/news/list/page.html?sec=1"),
        ("#x", "https://u@m.tvseoul.kr:8443/news/list/page.html?sec=1#x"),
        ("..", "https://u@m.tvseoul.kr:8443/news/"),
        ("http://other.kr", "http://other.kr/"),
        ("http:other.html", "http://other.html/"),
        ("https:other.html", "https://u@m.tvseoul.kr:8443/news/list/other.html"),
        ("\\\\cdn.kr\\a.js", "https://cdn.kr/a.js"),
        (":8080/x", "https://u@m.tvseoul.kr:8443/news/list/:8080/x"),
    ])
    func resolvesPerTheStateMachine(_ input: String, _ want: String) {
        #expect(WebURLCase.parse(input, base: Self.base) == want)
    }

    @Test func anAlreadyCanonicalInputKeepsItsOwnStorage() throws {
        let s = "http://www.tvseoul.kr/news/article.html?no=1"
        #expect(try #require(WebURL(s)).serialization == s)
        #expect(WebURLCase.parse(s) == s)
    }
}
