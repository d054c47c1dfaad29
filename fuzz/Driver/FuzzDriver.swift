import Foundation
import GleanerFuzzTargets

// Built with `-sanitize=fuzzer -D GLEANER_LIBFUZZER` (make fuzz), libFuzzer's driver runs
// `LLVMFuzzerTestOneInput` and GLEANER_FUZZ_TARGET names the entry point. Built plainly (as
// `swift build` does), `gleaner-fuzz TARGET FILE|DIR…` runs each file once through TARGET, to
// reproduce a crasher. GLEANER_FUZZ_PARSERS names the folder of parsers (default ./Parsers).
enum FuzzDriver {
    static let environment = ProcessInfo.processInfo.environment
    static let context = FuzzContext(parsers: URL(fileURLWithPath: environment["GLEANER_FUZZ_PARSERS"] ?? "Parsers"))
    static let usage = "gleaner-fuzz {\(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|"))}"

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("gleaner-fuzz: \(message)\n".utf8))
        exit(2)
    }

    static func checked(_ target: FuzzTarget) -> FuzzTarget {
        if target == .page, context.tvseoul == nil {
            fail("no tvseoul parser under \(environment["GLEANER_FUZZ_PARSERS"] ?? "Parsers") (set GLEANER_FUZZ_PARSERS)")
        }
        return target
    }
}

#if GLEANER_LIBFUZZER
extension FuzzDriver {
    static let target: FuzzTarget = {
        guard let name = environment["GLEANER_FUZZ_TARGET"], let t = FuzzTarget(rawValue: name) else {
            fail("set GLEANER_FUZZ_TARGET to one of \(usage)")
        }
        return checked(t)
    }()
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// The executable's entry point under SwiftPM's name for it (it links `main` to this).
@_cdecl("gleaner_fuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    var count = argc
    var vector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &vector, fuzzOneInput)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    _ = FuzzDriver.target.run(bytes, context: FuzzDriver.context)
    return 0
}
#else
@main
enum FuzzReplay {
    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2, let target = FuzzTarget(rawValue: arguments[1]) else { FuzzDriver.fail("usage: \(FuzzDriver.usage) FILE|DIR…") }
        let chosen = FuzzDriver.checked(target)
        var ran = 0
        for argument in arguments.dropFirst(2) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else { FuzzDriver.fail("\(argument): no such file") }
            let files = isDirectory.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []).sorted().map { argument + "/" + $0 }
                : [argument]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                print("\(file): \(chosen.run(Array(data), context: FuzzDriver.context))")
                ran += 1
            }
        }
        print("\(ran) inputs through \(chosen.rawValue)")
    }
}
#endif
