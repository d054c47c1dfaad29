import Foundation
import GleanerFuzzTargets
import Testing

/// The fuzzing corpus (crashers and inputs that reached new code under `make fuzz`), replayed
/// through the same entry points on every `make test`: none may crash, and what each produces
/// stays bounded by its input.
@Suite struct FuzzCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let context = FuzzContext(parsers: root.deletingLastPathComponent().appendingPathComponent("Parsers"))

    static func corpus(_ target: FuzzTarget) -> [URL] {
        let dir = root.appendingPathComponent("FuzzCorpus/\(target.rawValue)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().map { dir.appendingPathComponent($0) }
    }

    @Test(arguments: FuzzTarget.allCases)
    func corpusReplaysWithoutCrashingAndStaysBounded(_ target: FuzzTarget) throws {
        if target == .page { #expect(Self.context.tvseoul != nil, "the tvseoul parser must load for the page target") }
        let files = Self.corpus(target)
        #expect(files.count >= 3, "Tests/FuzzCorpus/\(target.rawValue) holds the corpus for this target")
        for file in files {
            let data = try Array(Data(contentsOf: file))
            let produced = target.run(data, context: Self.context)
            // Nothing yields more items than its input has bytes, plus the fixed seeds and pages.
            #expect(produced >= 0 && produced <= data.count + 64, "\(file.lastPathComponent): \(produced) items from \(data.count) bytes")
        }
    }
}
