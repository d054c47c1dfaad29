import Foundation
import TestSupport
import Testing
@testable import GleanerModel

@Suite struct RecordJSONTests {
    let fetched = Date(timeIntervalSince1970: 1_751_425_200)  // 2025-07-02T03:00:00Z

    @Test func envelopeComesFirstThenFieldsInDeclaredOrder() {
        let r = Record(site: "tvseoul", id: "2025-07-02/동두천", url: "http://www.tvseoul.kr/", fetchedAt: fetched,
                       body: .weather(WeatherObservation(date: "2025-07-02", location: "동두천", condition: "구름많음",
                                                         conditionCode: "mostly_cloudy", temperatureC: 27.7, provider: "기상청")))
        #expect(r.jsonString == #"{"type":"weather","site":"tvseoul","id":"2025-07-02/동두천","revision":1,"url":"http://www.tvseoul.kr/","fetched_at":"2025-07-02T03:00:00Z","date":"2025-07-02","location":"동두천","condition":"구름많음","condition_code":"mostly_cloudy","temperature_c":27.7,"provider":"기상청"}"#)
        #expect(r.jsonLine().last == 0x0A)
        #expect(r.jsonLine().filter { $0 == 0x0A }.count == 1)
    }

    @Test func escapesOnlyWhatJSONRequires() {
        let a = Article(title: "a \"quoted\" \\ tab\t nl\n nbsp\u{00A0} ‘x’ \u{01}", body: ["p1"])
        let r = Record(site: "s", id: "1", url: "http://x/", fetchedAt: fetched, body: .article(a))
        let line = r.jsonString
        #expect(line.contains(#""title":"a \"quoted\" \\ tab\t nl\n nbsp\#u{00A0} ‘x’ \u0001""#))
        #expect(line.contains(#""subtitle":null"#))
        let back = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(back?["title"] as? String == a.title)
    }

    /// Escaping copies runs of plain bytes 8 at a time: a character that needs escaping must be
    /// found at every offset of those words, in ASCII and in Korean text alike.
    @Test func escapesAtEveryOffsetOfLongText() throws {
        let specials: [Character] = ["\"", "\\", "\n", "\r", "\t", "\u{01}", "\u{1F}", "\u{00}"]
        for filler in ["abcdefghijklmnopqrstu", "가나다라마바사아자차카"] {
            for offset in 0...filler.count {
                for special in specials {
                    var text = filler
                    text.insert(special, at: text.index(text.startIndex, offsetBy: offset))
                    let r = Record(site: "s", id: "1", url: "u", fetchedAt: fetched, body: .article(Article(title: text)))
                    let line = r.jsonLine()
                    // One line, no raw control byte, and the title reads back exactly.
                    #expect(!line.dropLast().contains { $0 < 0x20 }, "raw control byte for \(special.unicodeScalars.first!.value) at \(offset)")
                    let back = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
                    #expect(back?["title"] as? String == text)
                }
            }
        }
    }

    @Test func contentBytesAreTheLineWithoutTheEnvelope() {
        let r = Record(site: "tvseoul", id: "7", revision: 4, url: "http://www.tvseoul.kr/?no=7", fetchedAt: fetched,
                       body: .article(Article(section: "사회", title: "제목", body: ["첫 문단", "둘째 \"문단\""])))
        #expect(String(decoding: r.contentBytes(), as: UTF8.self)
                == #"{"type":"article","site":"tvseoul","id":"7","section":"사회","title":"제목","subtitle":null,"authors":[],"published_at":null,"body":["첫 문단","둘째 \"문단\""],"images":[],"description":null,"modified_at":null,"tags":[],"language":null,"captions":[],"lead_image":null,"publisher":null}"#)
        #expect(r.jsonString
                == #"{"type":"article","site":"tvseoul","id":"7","revision":4,"url":"http://www.tvseoul.kr/?no=7","fetched_at":"2025-07-02T03:00:00Z","section":"사회","title":"제목","subtitle":null,"authors":[],"published_at":null,"body":["첫 문단","둘째 \"문단\""],"images":[],"description":null,"modified_at":null,"tags":[],"language":null,"captions":[],"lead_image":null,"publisher":null}"#)
    }

    @Test func roundTripsThroughDecoding() throws {
        let t = Teaser(title: "제목", targetURL: "http://www.tvseoul.kr/news/article.html?no=1", lead: "리드",
                       authors: ["나재희"], publishedAt: "2025-07-01T20:13:00+09:00", box: "related")
        let r = Record(site: "tvseoul", id: "related:1", revision: 3, url: "http://www.tvseoul.kr/", fetchedAt: fetched, body: .teaser(t))
        let back = try Record(jsonLine: r.jsonLine())
        #expect(back == r)
    }

    @Test func contentBytesIgnoreURLRevisionAndFetchTime() {
        let a = Article(title: "t", body: ["p"])
        let r1 = Record(site: "s", id: "1", revision: 1, url: "http://a/", fetchedAt: fetched, body: .article(a))
        var r2 = r1
        r2.revision = 2; r2.url = "http://b/"; r2.fetchedAt = fetched.addingTimeInterval(60)
        #expect(r1.contentBytes() == r2.contentBytes())
        var r3 = r1
        r3["body"] = .array([.string("p"), .string("q")])
        #expect(r1.contentBytes() != r3.contentBytes())
    }

    @Test func integralNumbersHaveNoFraction() {
        let w = WeatherObservation(date: "d", location: "l", condition: "c", temperatureC: 30)
        let r = Record(site: "s", id: "x", url: "u", fetchedAt: fetched, body: .weather(w))
        #expect(r.jsonString.contains(#""temperature_c":30,"#))
    }
}

/// Dates read back from a damaged state database can be anything; printing one never traps.
@Suite struct RFC3339Tests {
    @Test func datesOutsideFourDigitYearsPrintClampedInsteadOfTrapping() {
        #expect(RFC3339.utcString(Date(timeIntervalSince1970: 8.64e24)) == "9999-12-31T23:59:59Z")
        #expect(RFC3339.utcString(Date(timeIntervalSince1970: -8.64e24)) == "0000-01-01T00:00:00Z")
        #expect(RFC3339.utcString(Date(timeIntervalSince1970: .nan)) == "1970-01-01T00:00:00Z")
        #expect(RFC3339.utcString(Date(timeIntervalSince1970: 1_751_425_200)) == "2025-07-02T03:00:00Z")
    }
}
