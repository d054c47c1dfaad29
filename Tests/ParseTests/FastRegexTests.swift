import Foundation
@testable import GleanerParse
import Testing

/// gleaner's own regex matcher and XPath rewrites must give exactly what ICU and the XPath as
/// written give: parser authors write ICU regexes and plain XPath, and never see the fast paths.
struct FastRegexTests {
    static let patterns = [
        #"^/(index\.html?)?(\?.*)?$"#, #"^/news/article\.html\?(.*&)?no=\d+"#,
        #"^/news/section_list_all\.html\?(.*&)?sec_no=\d+"#, #"[?&]no=(\d+)"#,
        #"^\[\s*TV서울\s*=\s*([^\]]+?)\s*기자\s*\]"#, #"\s*기자\s*$"#, #"^\s*(\S+?)\s*기자"#,
        #"(\d{4})\.(\d{1,2})\.(\d{1,2})\s+(\d{1,2}):(\d{2})"#, #"a{2,3}?b|c+"#, #"(?:ab|a)(b*)[^a-c]"#,
    ]
    static let inputs = [
        "/", "/index.html", "/index.htm?x=1", "/indexhtml", "/news/article.html?no=62031",
        "/news/article.html?sec=3&no=62031&x", "/news/article.html?sec=3&nox=1", "/news/section_list_all.html?sec_no=11&page=2",
        "[TV서울=이천용\u{A0}기자] 서울 영등포구는", "[ TV서울 = 김 철수  기자 ]", "[TV서울=기자]", "홍길동 기자",
        "  홍길동\u{3000}기자 ", "등록 2025.03.22 10:07 수정", "２０２５.03.22 10:07", "2025.3.2\u{A0}9:05",
        "aab", "aaab", "ccc", "abbbd", "abx", "", "line\nbreak 기자",
    ]

    @Test func everyParserPatternHasAFastForm() {
        for p in Self.patterns { #expect(FastRegex(p) != nil, "\(p)") }
        #expect(FastRegex(#"\bword"#) == nil)
        #expect(FastRegex(#"(a*)*"#) == nil)
    }

    /// Whatever the fast matcher accepts, ICU compiles too, with the same groups: CompiledRegex
    /// no longer asks ICU about such patterns, so a bad one must fail here, at load.
    @Test func acceptsOnlyWhatICUCompiles() {
        let tricky = Self.patterns + [
            #"a{3,2}"#, #"a{2,2}"#, #"x{99999999999999999999}"#, #"[]a]"#, #"[^]]"#, #"()"#, #"(?:)"#, #"a|"#, #"|"#,
            #"\."#, #"\-"#, #"[\]]"#, #"[a\-z]"#, #"\ "#, #"\~"#, #"[]"#, #"(a)(?:b)((c))"#, #"a{,3}"#, #"[z-a]"#,
            #"(ab"#, #"ab)"#, #"*a"#, #"a**"#, #"a+?"#, #"a++"#, #"\Q.\E"#, #"[a-]"#, #"[-a]"#, #"\d{0}"#, #"$^"#, #"^*"#,
            DatePatternEscapes.sample,
        ]
        var accepted = 0
        for p in tricky {
            guard let fast = FastRegex(p) else { continue }
            accepted += 1
            let icu = try? NSRegularExpression(pattern: p)
            #expect(icu != nil, "FastRegex accepts \(p), ICU does not")
            #expect(icu?.numberOfCaptureGroups == fast.groupCount, "\(p)")
        }
        #expect(accepted >= Self.patterns.count + 10)
        #expect(FastRegex(DatePatternEscapes.sample) != nil)
        #expect(throws: RegexError.self) { try CompiledRegex("a{3,2}") }
        #expect(throws: RegexError.self) { try CompiledRegex("(ab") }
        #expect(throws: RegexError.self) { try CompiledRegex("[z-a]") }
    }

    /// `replace` on the fast matcher gives what NSRegularExpression gives: empty matches, groups
    /// that did not take part, multi-digit group numbers, templates it leaves to ICU.
    @Test func replaceEqualsICU() throws {
        let patterns = Self.patterns + [#"\s*기자\s*$"#, #"x*"#, #"^"#, #"$"#, #"(a)|(b)"#, #"(\d)(\d)?"#, #"\s+"#]
        let templates = ["", "-", "[$0]", "<$1>", "$2$1", "$10", "$1$1x", "a\\$1", "$", "$x", "\\\\"]
        var fast = 0
        for p in patterns {
            let ours = try CompiledRegex(p)
            let icu = try NSRegularExpression(pattern: p)
            for t in templates {
                for s in Self.inputs + ["axb", "ab12ba", "홍길동 기자 ", "x"] {
                    // ICU refuses a reference to a group the pattern lacks; so does the fast path.
                    let want = icu.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: t)
                    #expect(ours.replace(in: s, with: t) == want, "\(p) / \(t) on \(s)")
                }
                if CompiledRegex.templateParts(t, groups: icu.numberOfCaptureGroups) != nil { fast += 1 }
            }
        }
        #expect(fast > patterns.count * 4)
        #expect(CompiledRegex.templateParts("a\\$1", groups: 1) == nil)
    }

    @Test func capturesEqualICU() throws {
        for p in Self.patterns {
            let ours = try CompiledRegex(p)
            let icu = try NSRegularExpression(pattern: p)
            for s in Self.inputs {
                let m = icu.firstMatch(in: s, range: NSRange(s.startIndex..., in: s))
                #expect(ours.matches(s) == (m != nil), "\(p) on \(s)")
                let want: [String]? = m.map { m in
                    (0..<m.numberOfRanges).map { Range(m.range(at: $0), in: s).map { String(s[$0]) } ?? "" }
                }
                #expect(ours.groups(in: s) == want, "\(p) on \(s)")
            }
        }
    }
}


/// A date pattern's regex with every ASCII punctuation mark as a literal, as DatePattern writes it.
enum DatePatternEscapes {
    static let sample = "(\\d{4})" + DatePattern.escaped("./-:,年 [T](){}*+?^$|\\") + "(\\d{1,2})"
}
