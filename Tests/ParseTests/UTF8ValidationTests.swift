import Foundation
@testable import GleanerParse
import GleanerModel
import Testing

/// The C validator (`gl_utf8_is_valid`) decides whether a page is parsed as UTF-8 or repaired.
struct UTF8ValidationTests {
    /// Reference: the standard library's validation, with a sequence cut off by the end of the
    /// buffer accepted (a truncated download), as the charset decision wants.
    static func reference(_ b: [UInt8]) -> Bool {
        if String(validating: b, as: UTF8.self) != nil { return true }
        for cut in 1...3 where cut <= b.count {
            let head = Array(b.dropLast(cut)), tail = Array(b.suffix(cut))
            guard String(validating: head, as: UTF8.self) != nil else { continue }
            // The tail must start some valid sequence: try every second byte, then 0x80s.
            for second: UInt8 in 0x80...0xBF {
                var seq = tail
                if seq.count >= 2, seq[1] != second { continue }
                if seq.count == 1 { seq.append(second) }
                while String(validating: seq, as: UTF8.self) == nil, seq.count < 4 { seq.append(0x80) }
                if String(validating: seq, as: UTF8.self) != nil, seq.starts(with: tail) { return true }
            }
        }
        return false
    }

    @Test(arguments: [
        [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80],
        [0x80], [0x41, 0xBF, 0x41], [0xE4, 0xB8], [0xED, 0x9F, 0xBF], [0xEF, 0xBF, 0xBD], [0xF0, 0x9F, 0x98, 0x80],
        [0xEA, 0xB0, 0x41], [0xEA, 0x41, 0x80], [0xC2], [0xF0, 0x9F], [0xE0, 0xA0], [0xE0, 0x9F],
    ] as [[UInt8]])
    func edgeCases(_ bytes: [UInt8]) {
        // At every offset from a 16-byte boundary, after ASCII, Korean or nothing, at the end
        // and followed by Korean text or by whole blocks of ASCII (the vector path checks 16
        // bytes at a time and skips ASCII blocks).
        let asciiBlocks = Array(String(repeating: "0123456789abcdef", count: 3).utf8)
        for prefix in [[], Array("abc".utf8), Array("가나다 ".utf8), Array("0123456789abcdef".utf8)] as [[UInt8]] {
            for pad in 0..<17 {
                let b = prefix + Array(repeating: 0x20, count: pad) + bytes
                for text in [b, b + Array("끝 end".utf8), b + asciiBlocks, b + Array("가".utf8) + asciiBlocks] {
                    #expect(UTF8Validation.isValid(text) == Self.reference(text), "\(text)")
                }
            }
        }
    }

    @Test func randomTextAgreesWithTheStandardLibrary() {
        var rng = SplitMix64(seed: 20_251_129)
        let pieces: [[UInt8]] = [Array("<p>".utf8), Array(" ".utf8), Array("기자".utf8), Array("&nbsp;".utf8),
                                 [0xC2, 0xA0], [0xF0, 0x9F, 0x98, 0x80], Array("0123456789abcdefghij".utf8)]
        var checked = 0, invalid = 0
        for _ in 0..<3000 {
            var b: [UInt8] = []
            for _ in 0..<Int(rng.next() % 40) {
                if rng.next() % 10 == 0 { b.append(UInt8(truncatingIfNeeded: rng.next())) } else { b += pieces[Int(rng.next() % UInt64(pieces.count))] }
            }
            let got = UTF8Validation.isValid(b)
            #expect(got == Self.reference(b), "\(b)")
            checked += 1
            if !got { invalid += 1 }
        }
        #expect(checked == 3000 && invalid > 300)
    }

    /// Visible text copies whole segments now: collapsing and blank detection must hold.
    @Test func paragraphsCollapseAndDropSpacers() throws {
        let html = "<div id='b'><p>&nbsp; &nbsp;</p><p> 가  나\t다 </p><p>a&nbsp;b c</p><p>x <b>y</b>  z\n</p><p>&nbsp;끝&nbsp;</p></div>"
        let doc = try HTMLDocument(utf8: Array(html.utf8), url: "http://x/")
        let node = try #require(try doc.nodes("id('b')").first)
        #expect(node.paragraphs() == ["가 나 다", "a\u{A0}b c", "x y z", "끝"])
        #expect(node.paragraphs(skipping: Set<UnsafeMutableRawPointer>(), limit: 1) == ["가 나 다"])
    }
}

