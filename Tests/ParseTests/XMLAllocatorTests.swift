import CArena
import Foundation
@testable import GleanerParse
import TestSupport
import Testing

/// libxml2 on the arena: trees really come from it, a parse thread keeps reusing the same few
/// chunks, a tree freed on another thread than the one that built it corrupts nothing, and records
/// are the same whichever allocator parses.
@Suite(.serialized) struct XMLAllocatorTests {
    static let article = "fixtures/article_62031.html"
    static let url = "http://www.tvseoul.kr/news/article.html?no=62031"
    static let body = "//div[@id='news_body_area']//p"

    @Test func treesComeFromTheArenaAndCompiledXPathsDoNot() throws {
        LibXML2.prepare()
        #expect(XMLAllocator.active == .arena)
        let html = try Repo.bytes(Repo.tvseoul.appendingPathComponent(Self.article))
        let doc = try HTMLDocument(bytes: html, url: Self.url)
        #expect(gl_arena_owns(xmlDocGetRootElementPointer(doc)) == 1)
        // Compiled once per parser and kept: from malloc, so it pins no chunk.
        let expression = try XPathExpression(Self.body)
        #expect(gl_arena_owns(UnsafeRawPointer(expression.comp)) == 0)
    }

    /// The point of the arena: memory stays at about one tree per parse thread, however many
    /// pages go by (a chunk is reused once everything in it is freed).
    @Test func aParseThreadReusesTheSameChunksPageAfterPage() throws {
        LibXML2.prepare()
        let html = try Repo.bytes(Repo.tvseoul.appendingPathComponent(Self.article))
        let want = try HTMLDocument(bytes: html, url: Self.url).strings(Self.body)
        let before = gl_arena_read_stats()
        for _ in 0..<300 {
            #expect(try HTMLDocument(bytes: html, url: Self.url).strings(Self.body) == want)
        }
        let after = gl_arena_read_stats()
        // A tree of this page spans a few chunks; 300 trees without reuse would take ~900.
        #expect(after.chunks_made - before.chunks_made <= 8, "chunks made: \(before.chunks_made) → \(after.chunks_made)")
    }

    /// Swift may release a document on any thread; the arena then frees into another thread's chunk.
    @Test func documentsFreedOnOtherThreadsLeaveLaterParsesIntact() async throws {
        let html = try Repo.bytes(Repo.tvseoul.appendingPathComponent(Self.article))
        let want = try HTMLDocument(bytes: html, url: Self.url).strings(Self.body)
        #expect(!want.isEmpty)
        let before = gl_arena_read_stats()
        let handOff = DocumentHandOff()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {  // builds trees and leaves them for the other task to drop
                for _ in 0..<200 {
                    let doc = try HTMLDocument(bytes: html, url: Self.url)
                    #expect(try doc.strings(Self.body) == want)
                    handOff.put(doc)
                }
                handOff.finish()
            }
            group.addTask {  // drops them, parsing its own pages in between
                while let batch = handOff.take() {
                    _ = batch  // released here, on this task's thread
                    let got = try HTMLDocument(bytes: html, url: Self.url).strings(Self.body)
                    #expect(got == want)
                }
            }
            try await group.waitForAll()
        }
        // Chunks freed from the other thread go back into use instead of piling up.
        let after = gl_arena_read_stats()
        #expect(after.chunks_made - before.chunks_made <= 64, "chunks made: \(before.chunks_made) → \(after.chunks_made)")
    }

    /// An unterminated comment longer than 32 KB: libxml2 keeps the message with the comment's text
    /// as its last error, in a big block it frees after the parse. A crawl once died of it.
    @Test func anUnterminatedLongCommentParsesAndGoes() throws {
        for length in [40_000, 70_000, 300_000] {
            let page = Array("<html><body><p>before</p><!--".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: length)
            for _ in 0..<3 {
                let doc = try HTMLDocument(bytes: page, url: Self.url)
                #expect(try doc.strings("//p") == ["before"])
            }
        }
    }

    @Test func recordsAreTheSameOnGlibcsMalloc() throws {
        let pages = ["article_62031", "index"].map { "Parsers/tvseoul/fixtures/\($0).html" }
        let arena = try runGleaner(["parse", "--parser", "tvseoul"] + pages)
        let plain = try runGleaner(["parse", "--parser", "tvseoul"] + pages,
                                   environment: ["GLEANER_XML_ALLOCATOR": "system"])
        #expect(arena.status == 0, "\(arena.stderr)")
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(arena.stdout.split(separator: "\n").count > 16)
        #expect(arena.stdout == plain.stdout)
    }
}

private func xmlDocGetRootElementPointer(_ doc: HTMLDocument) -> UnsafeMutableRawPointer? {
    doc.root.map { UnsafeMutableRawPointer($0.ptr) }
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
