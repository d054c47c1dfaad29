import Foundation
import GleanerFetch
import Testing
import TestSupport

/// RFC 9309 matching, case by case.
@Suite struct RobotsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var robots: String
        var path: String
        var allowed: Bool
        var agent = "gleaner"
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no rules allow everything", robots: "", path: "/a", allowed: true),
        Case(name: "prefix match", robots: "User-agent: *\nDisallow: /private", path: "/private/x", allowed: false),
        Case(name: "prefix match is not a substring match", robots: "User-agent: *\nDisallow: /private", path: "/x/private", allowed: true),
        Case(name: "matching is case-sensitive for paths", robots: "User-agent: *\nDisallow: /Private", path: "/private", allowed: true),
        Case(name: "empty Disallow allows everything", robots: "User-agent: *\nDisallow:", path: "/a", allowed: true),
        Case(name: "longest match wins (allow longer)", robots: "User-agent: *\nDisallow: /a\nAllow: /a/b", path: "/a/b/c", allowed: true),
        Case(name: "longest match wins (disallow longer)", robots: "User-agent: *\nAllow: /a\nDisallow: /a/b", path: "/a/b/c", allowed: false),
        Case(name: "order does not matter", robots: "User-agent: *\nDisallow: /a/b\nAllow: /a", path: "/a/b", allowed: false),
        Case(name: "allow wins a tie", robots: "User-agent: *\nDisallow: /page\nAllow: /page", path: "/page", allowed: true),
        Case(name: "allow wins a tie whatever the order", robots: "User-agent: *\nAllow: /page\nDisallow: /page", path: "/page", allowed: true),
        Case(name: "* matches any run", robots: "User-agent: *\nDisallow: /*.php", path: "/dir/index.php?x=1", allowed: false),
        Case(name: "* may match nothing", robots: "User-agent: *\nDisallow: /a*b", path: "/ab", allowed: false),
        Case(name: "$ anchors the end", robots: "User-agent: *\nDisallow: /*.php$", path: "/index.php", allowed: false),
        Case(name: "$ does not match a longer path", robots: "User-agent: *\nDisallow: /*.php$", path: "/index.php?x=1", allowed: true),
        Case(name: "$ alone on a path", robots: "User-agent: *\nDisallow: /$", path: "/", allowed: false),
        Case(name: "$ alone does not cover subpaths", robots: "User-agent: *\nDisallow: /$", path: "/a", allowed: true),
        Case(name: "query is part of the path", robots: "User-agent: *\nDisallow: /*?sch_txt=", path: "/news/search.html?sch_txt=x", allowed: false),
        Case(name: "group for the product token, case-insensitive", robots: "User-agent: *\nDisallow: /\n\nUser-agent: GLEANER\nAllow: /", path: "/a", allowed: true),
        Case(name: "a named group replaces * entirely", robots: "User-agent: *\nDisallow: /a\n\nUser-agent: gleaner\nDisallow: /b", path: "/a", allowed: true),
        Case(name: "version in the user-agent line is ignored", robots: "User-agent: gleaner/2.0\nDisallow: /", path: "/a", allowed: false),
        Case(name: "other crawlers' groups do not apply", robots: "User-agent: otherbot\nDisallow: /", path: "/a", allowed: true),
        Case(name: "groups for the same agent merge", robots: "User-agent: gleaner\nDisallow: /a\n\nUser-agent: gleaner\nDisallow: /b", path: "/b", allowed: false),
        Case(name: "consecutive user-agent lines share a group", robots: "User-agent: otherbot\nUser-agent: gleaner\nDisallow: /x", path: "/x", allowed: false),
        Case(name: "rules before any user-agent are ignored", robots: "Disallow: /\nUser-agent: *\nAllow: /a", path: "/b", allowed: true),
        Case(name: "comments are ignored", robots: "# hi\nUser-agent: * # everyone\nDisallow: /a # not /b\n", path: "/a", allowed: false),
        Case(name: "keys are case-insensitive", robots: "USER-AGENT: *\ndisallow: /a", path: "/a", allowed: false),
        Case(name: "CR line ends", robots: "User-agent: *\rDisallow: /a\r", path: "/a", allowed: false),
        Case(name: "CRLF line ends", robots: "User-agent: *\r\nDisallow: /a\r\n", path: "/a", allowed: false),
        Case(name: "UTF-8 BOM", robots: "\u{FEFF}User-agent: *\nDisallow: /a", path: "/a", allowed: false),
        Case(name: "percent-encoded unreserved chars match literal", robots: "User-agent: *\nDisallow: /%7Euser", path: "/~user/x", allowed: false),
        Case(name: "literal matches percent-encoded path", robots: "User-agent: *\nDisallow: /~user", path: "/%7euser/x", allowed: false),
        Case(name: "non-ASCII rule matches encoded path", robots: "User-agent: *\nDisallow: /뉴스", path: "/%EB%89%B4%EC%8A%A4/1", allowed: false),
        Case(name: "encoded rule matches with lower-case hex", robots: "User-agent: *\nDisallow: /%eb%89%b4", path: "/%EB%89%B4", allowed: false),
        Case(name: "reserved chars stay encoded", robots: "User-agent: *\nDisallow: /a%2Fb", path: "/a/b", allowed: true),
        Case(name: "/robots.txt is always allowed", robots: "User-agent: *\nDisallow: /", path: "/robots.txt", allowed: true),
    ]

    @Test(arguments: cases)
    func rfc9309(_ test: Case) {
        let robots = Robots(parsing: test.robots)
        #expect(robots.verdict(for: test.path, productToken: test.agent).allowed == test.allowed, "\(test.name)")
    }

    @Test func verdictNamesTheRuleAndItsLine() {
        let robots = Robots(parsing: "User-agent: *\n\nAllow: /news/\nDisallow: /news/print")
        let verdict = robots.verdict(for: "/news/print.html", productToken: "gleaner")
        #expect(!verdict.allowed)
        #expect(verdict.rule == Robots.Rule(kind: .disallow, pattern: "/news/print", line: 4))
        #expect(verdict.reason == "Disallow: /news/print (line 4)")
    }

    @Test func contentBeyond500KiBIsIgnored() {
        let padding = String(repeating: "# padding padding padding padding\n", count: 20_000)  // ~680 KB
        let robots = Robots(parsing: "User-agent: *\nDisallow: /early\n" + padding + "Disallow: /late\n")
        #expect(!robots.verdict(for: "/early", productToken: "gleaner").allowed)
        #expect(robots.verdict(for: "/late", productToken: "gleaner").allowed)
    }

    @Test func userAgentLinesMatchByTheirProductTokenIgnoringCase() {
        let robots = Robots(parsing: """
            User-agent: Gleaner-Bot_2/1.0 (+http://example.com)
            Disallow: /a
            User-agent: Bötbot
            Disallow: /b
            User-agent: *
            Disallow: /c
            """)
        #expect(!robots.verdict(for: "/a", productToken: "GLEANER-BOT_2").allowed)
        #expect(robots.verdict(for: "/c", productToken: "gleaner-bot_2").allowed)
        #expect(!robots.verdict(for: "/b", productToken: "BÖTBOT").allowed)
        #expect(!robots.verdict(for: "/c", productToken: "gleaner").allowed)
        #expect(robots.verdict(for: "/a", productToken: "gleaner").allowed)
    }

    @Test func crawlDelayAndSitemaps() {
        let robots = Robots(parsing: "User-agent: *\nCrawl-delay: 2.5\nSitemap: http://a/s.xml\nUser-agent: slow\nCrawl-delay: 30")
        #expect(robots.crawlDelay(for: "gleaner") == 2.5)
        #expect(robots.crawlDelay(for: "slow") == 30)
        #expect(robots.sitemaps == ["http://a/s.xml"])
    }

    @Test func unreachableDisallowsAndUnavailableAllows() {
        #expect(!Robots.disallowingAll(reason: "HTTP 500").verdict(for: "/", productToken: "gleaner").allowed)
        #expect(Robots.allowingAll(reason: "HTTP 404").verdict(for: "/admin", productToken: "gleaner").allowed)
    }

    /// The replica site's robots.txt against its checked-in verdicts.
    @Test func tvseoulRobotsMatchesExpectedVerdicts() throws {
        let fixtures = repositoryRoot().appendingPathComponent("Tests/FetchTests/Fixtures")
        let robots = Robots(parsing: Array(try Data(contentsOf: fixtures.appendingPathComponent("tvseoul-robots.txt"))))
        struct Expected: Decodable { var crawl_delay_s: Double; var sitemaps: [String]; var verdicts: [String: Bool] }
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: fixtures.appendingPathComponent("tvseoul-robots.json")))
        #expect(expected.verdicts.count > 10)
        for (path, allowed) in expected.verdicts {
            #expect(robots.verdict(for: path, productToken: "gleaner").allowed == allowed, "\(path)")
        }
        #expect(robots.crawlDelay(for: "gleaner") == expected.crawl_delay_s)
        #expect(robots.sitemaps == expected.sitemaps)
        #expect(!robots.verdict(for: "/", productToken: "MJ12bot").allowed)
        #expect(!robots.verdict(for: "/news/section_list_all.html", productToken: "ahrefsbot").allowed)
    }
}
