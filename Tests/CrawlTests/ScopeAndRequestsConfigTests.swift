import Foundation
import Testing
@testable import GleanerCrawl

/// `allow`/`deny`, `headers`, `cookies` and `cookie_file` as the configuration reads them, and
/// the exact errors an operator sees for each bad value.
@Suite struct ScopeAndRequestsConfigTests {
    /// `http` is line 4 (one line), the source's table starts at line 6 and `source` at line 10.
    static func config(http: String = "", source: String) -> String {
        """
        state_dir = "/tmp/g/state"

        [http]
        \(http)

        [[source]]
        name = "home"
        parser = "tvseoul"
        seeds = ["http://www.tvseoul.kr/", "http://www.tvseoul.kr/news/article.html?no=64483"]
        \(source)
        """
    }

    static func problems(_ text: String) throws -> [String] {
        let error = try #require(throws: ConfigurationError.self) { try Configuration.parse(text, file: "g.toml") }
        return error.problems.map(\.description)
    }

    // MARK: - Scope

    @Test func allowAndDenyAreCompiledAndDenyWins() throws {
        let config = try Configuration.parse(Self.config(source: """
            allow = ['^http://www\\.tvseoul\\.kr/$', 'article\\.html\\?no=\\d+$']
            deny = ['no=6441\\d$']
            """), file: "g.toml")
        // The article seed matches both lists: this one is allowed only because 64483 is not denied.
        let scope = try #require(config.sources.first?.scope)
        #expect(scope.allow.map(\.text) == ["^http://www\\.tvseoul\\.kr/$", "article\\.html\\?no=\\d+$"])
        #expect(scope.refusal(of: "http://www.tvseoul.kr/news/article.html?no=64483") == nil)
        #expect(scope.refusal(of: "http://www.tvseoul.kr/news/article.html?no=64412") == .denied(index: 0, pattern: "no=6441\\d$"))
        #expect(scope.refusal(of: "http://www.tvseoul.kr/news/section_list_all.html?sec_no=11") == .notAllowed)
        let none = try Configuration.parse(Self.config(source: ""), file: "g.toml")
        #expect(none.sources.first?.scope.admitsAll == true)
    }

    @Test func aRegexThatDoesNotCompileNamesItsLineKeyAndError() throws {
        #expect(try Self.problems(Self.config(source: """
            allow = ["tvseoul"]
            deny = [
              "gallery",
              "news(",
            ]
            """)) == ["g.toml:11: source[0].deny[1]: regex 'news(' does not compile as an ICU regular expression"])
    }

    @Test func aSeedOutsideTheScopeIsAConfigError() throws {
        #expect(try Self.problems(Self.config(source: "deny = ['article']")) == [
            "g.toml:9: source[0].seeds[1]: seed http://www.tvseoul.kr/news/article.html?no=64483 is outside the source's scope: it matches deny[0] \"article\"",
        ])
        #expect(try Self.problems(Self.config(source: "allow = ['article']")) == [
            "g.toml:9: source[0].seeds[0]: seed http://www.tvseoul.kr/ is outside the source's scope: it matches no allow pattern",
        ])
    }

    // MARK: - Headers and cookies

    @Test func sourceHeadersAndCookiesWinOverHTTPsPerName() throws {
        let config = try Configuration.parse(Self.config(http: """
            headers = { "Accept-Language" = "ko", "X-Fleet" = "a" }
            cookies = { consent = "yes", lang = "ko" }
            """, source: """
            headers = { "accept-language" = "en", "X-Api-Key" = "k-1" }
            cookies = { lang = "en" }
            cookie_file = "jars/home.txt"
            """), file: "g.toml")
        let source = try #require(config.sources.first)
        #expect(source.headers == ["accept-language": "en", "X-Api-Key": "k-1", "X-Fleet": "a"])
        #expect(source.requestHeaders.map { "\($0.0): \($0.1)" } == ["X-Api-Key: k-1", "X-Fleet: a", "accept-language: en"])
        #expect(source.cookieHeader == "consent=yes; lang=en")
        #expect(source.cookieFile == "/tmp/g/state/jars/home.txt")
    }

    @Test func headersThatWouldBreakTheRequestAreRefusedWithTheirLine() throws {
        let problems = try Self.problems(Self.config(http: """
            headers = { "Transfer-Encoding" = "chunked" }
            """, source: """
            [source.headers]
            Host = "example.org"
            Content-Length = "0"
            Connection = "close"
            "X-Bad Name" = "1"
            X-Split = "a\\r\\nX-Injected: 1"
            Cookie = "a=1"

            [source.cookies]
            "bad;name" = "1"
            session = "a b"
            """))
        #expect(problems == [
            "g.toml:4: http.headers.Transfer-Encoding: header Transfer-Encoding may not be set: it describes a request body, and gleaner's requests have none",
            "g.toml:13: source[0].headers.Connection: header Connection may not be set: libcurl manages the connection (keep-alive, HTTP/2)",
            "g.toml:12: source[0].headers.Content-Length: header Content-Length may not be set: it describes a request body, and gleaner's requests have none",
            "g.toml:16: source[0].headers.Cookie: header Cookie may not be set: use `cookies` (a table of name = value), which libcurl merges with cookie_file's",
            "g.toml:11: source[0].headers.Host: header Host may not be set: gleaner sends the URL's host; use [http.connect_to] to reach another address",
            "g.toml:14: source[0].headers.X-Bad Name: expected a header name made of letters, digits and !#$%&'*+-.^_`|~ (an HTTP token), found \"X-Bad Name\"",
            "g.toml:15: source[0].headers.X-Split: expected no control characters (CR, LF, ...), found \"a\\r\\nX-Injected: 1\"",
            "g.toml:19: source[0].cookies.bad;name: expected a cookie name made of letters, digits and !#$%&'*+-.^_`|~ (an HTTP token), found \"bad;name\"",
            "g.toml:20: source[0].cookies.session: expected a cookie value of visible ASCII without spaces, '\"', ',', ';' or '\\' (percent-encode the rest), found \"a b\"",
        ])
    }

    @Test func twoSourcesMayNotShareACookieFile() throws {
        let text = Self.config(source: "cookie_file = \"jar.txt\"") + """

            [[source]]
            name = "other"
            parser = "tvseoul"
            seeds = ["http://www.tvseoul.kr/"]
            cookie_file = "/tmp/g/state/jar.txt"
            """
        #expect(try Self.problems(text) == [
            "g.toml:15: source[1].cookie_file: /tmp/g/state/jar.txt is also source[0]'s cookie_file: each source needs its own, or cookies would pass between them",
        ])
    }

    @Test func aCookieFileThatIsADirectoryIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gleaner-jar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Self.problems(Self.config(source: "cookie_file = \"\(dir.path)\"")) == [
            "g.toml:10: source[0].cookie_file: \(dir.path) is a directory; expected a file",
        ])
    }
}
