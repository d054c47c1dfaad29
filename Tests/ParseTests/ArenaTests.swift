import CArena
import Foundation
import Testing

/// The region allocator on its own (Sources/CArena): what libxml2 relies on from any malloc
/// (alignment, realloc keeping contents), and the rule that makes it safe: a chunk is never
/// reused while one block in it is live.
@Suite(.serialized) struct ArenaTests {
    @Test func blocksAreAlignedAndKeepTheirBytesThroughRealloc() throws {
        var blocks: [UnsafeMutableRawPointer] = []
        for size in [1, 7, 16, 100, 4_000] {
            let p = try #require(gl_arena_malloc(size))
            #expect(Int(bitPattern: p) % 16 == 0)
            #expect(gl_arena_owns(p) == 1)
            memset(p, Int32(size % 251), size)
            blocks.append(p)
        }
        // The newest block grows where it is; an older one moves, with its bytes.
        let last = blocks.removeLast()
        let grown = try #require(gl_arena_realloc(last, 8_000))
        #expect(grown == last)
        let first = blocks.removeFirst()
        let moved = try #require(gl_arena_realloc(first, 20_000))
        #expect(moved != first)
        #expect(moved.load(as: UInt8.self) == 1)
        #expect(grown.load(fromByteOffset: 3_999, as: UInt8.self) == UInt8(4_000 % 251))
        for p in blocks + [grown, moved] { gl_arena_free(p) }

        let copy = try #require(gl_arena_strdup("기상청 관측소"))
        #expect(String(cString: copy) == "기상청 관측소")
        gl_arena_free(copy)
    }

    /// Sizes of every kind, grown and freed in random order across many chunk boundaries: each
    /// block keeps its own bytes, so no two blocks ever overlap and none runs past its chunk.
    @Test func randomBlocksNeverOverlap() async throws {
        try await Task.detached {
            var rng = SplitMix(seed: 20_261_130)
            var live: [(pointer: UnsafeMutableRawPointer, size: Int, tag: UInt8)] = []
            for step in 0..<40_000 {
                let roll = rng.next() % 100
                if roll < 55 || live.isEmpty {
                    let size = rng.next() % 10 == 0 ? Int(rng.next() % 40_000) : Int(rng.next() % 300)
                    let p = try #require(gl_arena_malloc(size))
                    let tag = UInt8(truncatingIfNeeded: step)
                    memset(p, Int32(tag), size)
                    live.append((p, size, tag))
                } else if roll < 70 {
                    let i = Int(rng.next() % UInt64(live.count))
                    let grown = live[i].size + Int(rng.next() % 2_000)
                    let p = try #require(gl_arena_realloc(live[i].pointer, grown))
                    memset(p + live[i].size, Int32(live[i].tag), grown - live[i].size)
                    live[i] = (p, grown, live[i].tag)
                } else {
                    let i = Int(rng.next() % UInt64(live.count))
                    let b = live.remove(at: i)
                    let bytes = UnsafeRawBufferPointer(start: b.pointer, count: b.size)
                    #expect(bytes.allSatisfy { $0 == b.tag }, "block of \(b.size) bytes overwritten")
                    gl_arena_free(b.pointer)
                }
            }
            for b in live {
                let bytes = UnsafeRawBufferPointer(start: b.pointer, count: b.size)
                #expect(bytes.allSatisfy { $0 == b.tag }, "block of \(b.size) bytes overwritten")
                gl_arena_free(b.pointer)
            }
        }.value
    }

    /// While a thread compiles what outlives the page (XMLAllocator.longLived), nothing comes from
    /// a chunk, even when a free just emptied the thread's chunk and it starts over.
    @Test func outsideBlocksComeFromMallocEvenWhenTheChunkStartsOver() async throws {
        try await Task.detached {
            let inside = try #require(gl_arena_malloc(64))
            #expect(gl_arena_owns(inside) == 1)
            gl_arena_outside_begin()
            gl_arena_free(inside)
            let kept = try #require(gl_arena_malloc(64))
            #expect(gl_arena_owns(kept) == 0)
            gl_arena_outside_end()
            let after = try #require(gl_arena_malloc(64))
            #expect(gl_arena_owns(after) == 1)
            gl_arena_free(after)
            gl_arena_free(kept)
        }.value
    }

    /// Between a daemon's runs (IdleMemory): chunks nobody uses stop being resident.
    @Test func idleChunksGoBackToTheKernel() async throws {
        // Hold every chunk other tests left idle, so the one left idle below is the only one and
        // stays resident until it is released (beyond 8 idle chunks, they go back at once).
        let held = await Task.detached {
            (0..<(gl_arena_read_stats().chunks_idle + 1) * 2_400).map { _ in UInt(bitPattern: gl_arena_malloc(100)) }
        }.value
        #expect(gl_arena_read_stats().chunks_idle == 0)
        let address = await Task.detached {
            // More than a chunk of blocks, so the first chunk is left behind, then all freed.
            let blocks = (0..<3_000).map { _ in gl_arena_malloc(100)! }
            for b in blocks { memset(b, 0x33, 100) }
            let inFirstChunk = UInt(bitPattern: blocks[1_500])  // past the chunk's first page
            for b in blocks { gl_arena_free(b) }
            return inFirstChunk
        }.value
        let page = UnsafeMutableRawPointer(bitPattern: address & ~UInt(4095))!
        #expect(isResident(page))
        #expect(gl_arena_release_idle() > 0)
        #expect(!isResident(page))
        for b in held { gl_arena_free(UnsafeMutableRawPointer(bitPattern: b)) }
    }

    private func isResident(_ page: UnsafeMutableRawPointer) -> Bool {
        var vector: UInt8 = 0
        return mincore(page, 4096, &vector) == 0 && vector & 1 == 1
    }

    @Test func bigBlocksComeFromMalloc() throws {
        let big = try #require(gl_arena_malloc(100_000))
        #expect(gl_arena_owns(big) == 0)
        let bigger = try #require(gl_arena_realloc(big, 200_000))
        #expect(gl_arena_owns(bigger) == 0)
        gl_arena_free(bigger)
    }

    /// A block that outlives its page (libxml2's last error, say) keeps its chunk; pages of blocks
    /// that come and go around it never overwrite it, and still reuse a bounded set of chunks.
    @Test func aLiveBlockIsNeverOverwrittenByReuse() async throws {
        try await Task.detached {  // a thread of its own, with chunks of its own
            let held = try #require(gl_arena_malloc(64))
            memset(held, 0x5A, 64)
            let before = gl_arena_read_stats()
            for page in 0..<500 {
                var tree: [UnsafeMutableRawPointer] = []
                for i in 0..<2_000 {
                    let p = try #require(gl_arena_malloc(48 + i % 80))
                    memset(p, Int32(page % 200), 48 + i % 80)
                    tree.append(p)
                }
                for (i, p) in tree.enumerated() {
                    #expect(UnsafeRawBufferPointer(start: p, count: 48 + i % 80).allSatisfy { $0 == UInt8(page % 200) })
                    gl_arena_free(p)
                }
            }
            let after = gl_arena_read_stats()
            #expect((0..<64).allSatisfy { held.load(fromByteOffset: $0, as: UInt8.self) == 0x5A })
            // ~250 KB of blocks per page, 500 pages: without reuse, ~500 chunks.
            #expect(after.chunks_made - before.chunks_made <= 8, "chunks made: \(before.chunks_made) → \(after.chunks_made)")
            gl_arena_free(held)
        }.value
    }

    /// A document's region (HTMLDocument): its blocks stay intact whatever is freed meanwhile,
    /// its big blocks are followed through realloc and freed with it, the thread goes back to its
    /// own chunk afterwards, and releasing the region makes its chunks reusable at once.
    @Test func aRegionKeepsItsBlocksUntilItGoesAllAtOnce() async throws {
        try await Task.detached {
            let own = try #require(gl_arena_malloc(64))
            memset(own, 0x11, 64)
            let idleBefore = gl_arena_read_stats().chunks_idle
            let region = try #require(gl_arena_region_begin())
            var rng = SplitMix(seed: 20_261_130)
            var kept: [(pointer: UnsafeMutableRawPointer, size: Int, tag: UInt8)] = []
            for step in 0..<6_000 {
                let size = Int(rng.next() % 300) + 1
                let p = try #require(gl_arena_malloc(size))
                #expect(gl_arena_owns(p) == 1)
                let tag = UInt8(truncatingIfNeeded: step)
                memset(p, Int32(tag), size)
                // A parser frees its temporaries: a freed block is never handed out again while
                // the rest of the region lives, so the kept ones must all survive.
                if step % 3 == 0 { gl_arena_free(p) } else { kept.append((p, size, tag)) }
            }
            let first = try #require(gl_arena_malloc(40_000))
            #expect(gl_arena_owns(first) == 0)
            let blocker = try #require(gl_arena_malloc(40_000))  // so the next realloc moves
            memset(blocker, 0x66, 40_000)
            let big = try #require(gl_arena_realloc(first, 120_000))
            #expect(big != first)
            memset(big, 0x77, 120_000)
            let freedBig = try #require(gl_arena_malloc(50_000))
            gl_arena_free(freedBig)  // freed inside the region: must not be freed again at release
            gl_arena_region_end(region)
            for b in kept {
                #expect(UnsafeRawBufferPointer(start: b.pointer, count: b.size).allSatisfy { $0 == b.tag },
                        "block of \(b.size) bytes overwritten")
            }
            let chunks = gl_arena_region_chunks(region)
            #expect(chunks >= 3, "6,000 blocks of ~160 bytes fill several chunks")
            // Back on the thread's own chunk: the next block sits right after `own`.
            let next = try #require(gl_arena_malloc(64))
            #expect(UInt(bitPattern: next) >> 18 == UInt(bitPattern: own) >> 18)
            gl_arena_region_release(region)  // a double free of `freedBig` would abort here
            #expect(gl_arena_read_stats().chunks_idle >= min(idleBefore + chunks, 8))
            #expect((0..<64).allSatisfy { own.load(fromByteOffset: $0, as: UInt8.self) == 0x11 })
            gl_arena_free(next)
            gl_arena_free(own)
        }.value
    }

    /// A region's big block may be freed or moved after the region ended (libxml2 frees its last
    /// error's copy of a long message then): a freed one is forgotten, a moved one is followed and
    /// still goes with the region.
    @Test func aRegionsBigBlockFreedAfterTheRegionEndedIsNotFreedTwice() async throws {
        try await Task.detached {
            let region = try #require(gl_arena_region_begin())
            let freedLater = try #require(gl_arena_malloc(40_000))
            let movedLater = try #require(gl_arena_malloc(40_000))
            memset(movedLater, 0x24, 40_000)
            let kept = try #require(gl_arena_malloc(40_000))
            memset(kept, 0x42, 40_000)
            gl_arena_region_end(region)
            gl_arena_free(freedLater)
            let moved = try #require(gl_arena_realloc(movedLater, 400_000))
            #expect(UnsafeRawBufferPointer(start: moved, count: 40_000).allSatisfy { $0 == 0x24 })
            #expect(UnsafeRawBufferPointer(start: kept, count: 40_000).allSatisfy { $0 == 0x42 })
            gl_arena_region_release(region)  // glibc aborts on a double free of `freedLater`
        }.value
    }

    /// Chunks whose last block is freed on another thread become reusable.
    @Test func blocksFreedOnAnotherThreadReturnTheirChunks() async throws {
        let before = gl_arena_read_stats()
        for _ in 0..<100 {
            let blocks = await Task.detached {
                (0..<3_000).map { _ in UInt(bitPattern: gl_arena_malloc(100)) }
            }.value
            await Task.detached {
                for b in blocks { gl_arena_free(UnsafeMutableRawPointer(bitPattern: b)) }
            }.value
        }
        let after = gl_arena_read_stats()
        // 3,000 blocks of 112 bytes are two chunks; 100 rounds without reuse would be 200.
        #expect(after.chunks_made - before.chunks_made <= 16, "chunks made: \(before.chunks_made) → \(after.chunks_made)")
    }
}

/// A small deterministic generator, so a failure reproduces.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
