import Foundation
import GleanerParse
import Testing

/// libxml2 on mimalloc: the allocator is really in use, a tree freed on another thread than the
/// one that built it corrupts nothing, and records are the same whichever allocator parses.
struct XMLAllocatorTests {
    @Test func libxml2AllocatesThroughMimalloc() {
        LibXML2.prepare()
        // `make test` installs libmimalloc2.0; without it gleaner still works on glibc's malloc.
        #expect(XMLAllocator.active == .mimalloc, "libmimalloc.so.2 missing or unusable: apt-get install libmimalloc2.0")
    }

    /// Swift may release a document on any thread; mimalloc then frees into another thread's heap.
    @Test func documentsFreedOnOtherThreadsLeaveLaterParsesIntact() async throws {
        let html = try Repo.bytes(Repo.tvseoul.appendingPathComponent("fixtures/article_62031.html"))
        let url = "http://www.tvseoul.kr/news/article.html?no=62031"
        let want = try HTMLDocument(bytes: html, url: url).strings("//div[@id='news_body_area']//p")
        #expect(!want.isEmpty)
        let handOff = DocumentHandOff()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {  // builds trees and leaves them for the other task to drop
                for _ in 0..<200 { handOff.put(try HTMLDocument(bytes: html, url: url)) }
                handOff.finish()
            }
            group.addTask {  // drops them, parsing its own pages in between
                while let batch = handOff.take() {
                    _ = batch  // released here, on this task's thread
                    let got = try HTMLDocument(bytes: html, url: url).strings("//div[@id='news_body_area']//p")
                    #expect(got == want)
                }
            }
            try await group.waitForAll()
        }
    }

    @Test func recordsAreTheSameOnGlibcsMalloc() throws {
        let pages = ["article_62031", "index"].map { "Parsers/tvseoul/fixtures/\($0).html" }
        let fast = try runGleaner(["parse", "--parser", "tvseoul"] + pages)
        let plain = try runGleaner(["parse", "--parser", "tvseoul"] + pages,
                                   environment: ["GLEANER_XML_ALLOCATOR": "system"])
        #expect(fast.status == 0, "\(fast.stderr)")
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(fast.stdout.split(separator: "\n").count > 16)
        #expect(fast.stdout == plain.stdout)
    }
}

/// Documents passed from one task to another (HTMLDocument is not Sendable by design: this
/// test moves ownership on purpose, and only the receiving side touches them afterwards).
private final class DocumentHandOff: @unchecked Sendable {
    private let lock = NSCondition()
    private var documents: [HTMLDocument] = []
    private var done = false

    func put(_ d: HTMLDocument) {
        lock.lock(); documents.append(d); lock.signal(); lock.unlock()
    }

    func finish() {
        lock.lock(); done = true; lock.broadcast(); lock.unlock()
    }

    /// Everything put so far, or nil once finished and drained.
    func take() -> [HTMLDocument]? {
        lock.lock(); defer { lock.unlock() }
        while documents.isEmpty && !done { lock.wait() }
        if documents.isEmpty { return nil }
        defer { documents.removeAll() }
        return documents
    }
}
