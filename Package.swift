// swift-tools-version:6.1
import PackageDescription

// Each pipeline stage is its own module under Sources/GleanerCore/<Stage>, so the
// one-way data flow (parse → fetch → store/output → crawl → daemon) is enforced
// by the compiler and a stage rebuilds without its downstream neighbours.
let package = Package(
    name: "gleaner",
    products: [
        .executable(name: "gleaner", targets: ["gleaner"]),
        .library(name: "GleanerCore", targets: [
            "GleanerModel", "GleanerParse", "GleanerFetch", "GleanerStore",
            "GleanerOutput", "GleanerCrawl", "GleanerDaemon",
        ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // MARK: - C libraries
        .systemLibrary(
            name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        // IDNA (UTS 46) for host names in URLs (WebURL).
        .systemLibrary(
            name: "CIDN2", path: "Sources/CIDN2", pkgConfig: "libidn2",
            providers: [.apt(["libidn2-dev"])]),
        // The region allocator libxml2's trees come from (XMLAllocator).
        .target(name: "CArena", path: "Sources/CArena"),

        // MARK: - Stages
        .target(name: "GleanerModel", dependencies: ["CIDN2"], path: "Sources/GleanerCore/Model"),
        .target(
            name: "GleanerParse",
            dependencies: [
                // CZlib: gzip-compressed XML pages, feeds and sitemaps (GzipInflate).
                "GleanerModel", "CLibXML2", "CArena", "CZlib",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/GleanerCore/Parse"),
        .target(
            name: "GleanerFetch",
            dependencies: ["GleanerModel", "CCurl", .product(name: "Logging", package: "swift-log")],
            path: "Sources/GleanerCore/Fetch"),
        .target(
            name: "GleanerStore",
            dependencies: [
                "GleanerModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the per-record statements of a commit (DirectStatement).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/GleanerCore/Store"),
        .target(
            name: "GleanerOutput",
            dependencies: [
                "GleanerModel", "GleanerStore", "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/GleanerCore/Output"),
        .target(
            name: "GleanerCrawl",
            dependencies: [
                "GleanerModel", "GleanerParse", "GleanerFetch", "GleanerStore", "GleanerOutput", "CMalloc",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/GleanerCore/Crawl"),
        .target(
            name: "GleanerDaemon",
            dependencies: [
                "GleanerCrawl", "GleanerFetch", "GleanerStore",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/GleanerCore/Daemon"),

        // MARK: - The command
        .executableTarget(
            name: "gleaner",
            dependencies: [
                "GleanerModel", "GleanerParse", "GleanerFetch", "GleanerStore",
                "GleanerOutput", "GleanerCrawl", "GleanerDaemon", "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/gleaner"),
        // Fetch throughput against a loopback static server (bench/fetch/run.sh).
        .executableTarget(
            name: "bench-fetch",
            dependencies: ["GleanerFetch"],
            path: "bench/fetch/Sources"),

        // Parse throughput benchmark (make bench-parse); not a test, numbers go to docs/.
        .executableTarget(
            name: "gleaner-bench-parse", dependencies: ["GleanerParse", "GleanerModel", "CLibXML2", "CMalloc"], path: "bench/parse"),

        // MARK: - Fuzzing
        // The entry points `make fuzz` drives with libFuzzer, and the corpus replay test runs.
        .target(
            name: "GleanerFuzzTargets",
            dependencies: ["GleanerParse", "GleanerFetch", "GleanerCrawl", "GleanerModel"],
            path: "fuzz/Targets"),
        // libFuzzer's driver under `make fuzz` (-sanitize=fuzzer); plainly built, it replays files.
        .executableTarget(name: "gleaner-fuzz", dependencies: ["GleanerFuzzTargets"], path: "fuzz/Driver"),

        // MARK: - Tests
        // Shared helpers for tests: a loopback HTTP server with hostile routes, temp dirs.
        // zlib + brotli encoders, so the test server can send gzip/br bodies and a gzip bomb.
        .systemLibrary(
            name: "CTestCompression", path: "Tests/CTestCompression",
            providers: [.apt(["zlib1g-dev", "libbrotli-dev"])]),
        .target(
            name: "TestSupport",
            dependencies: ["CTestCompression", "GleanerModel", "GleanerParse", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport"),
        .testTarget(name: "ModelTests", dependencies: ["GleanerModel", "TestSupport"]),
        .testTarget(
            name: "ParseTests", dependencies: ["GleanerParse", "GleanerModel", "TestSupport", "CLibXML2", "CArena"],
            exclude: ["Fixtures"]),
        .testTarget(name: "FetchTests", dependencies: ["GleanerFetch", "GleanerModel", "TestSupport"], exclude: ["Fixtures"]),
        // Throughput of the output stage and state size (make bench-store).
        .executableTarget(
            name: "bench-store",
            dependencies: ["GleanerStore", "GleanerOutput", "GleanerModel", "TestSupport", .product(name: "Logging", package: "swift-log")],
            path: "bench/store",
            exclude: ["run.sh"]),
        // Runs the output pipeline in a child process that the exactly-once test kills (not installed).
        .executableTarget(
            name: "gleaner-crashtest",
            dependencies: ["GleanerStore", "GleanerOutput", "GleanerModel", "TestSupport", .product(name: "Logging", package: "swift-log")],
            path: "Tests/CrashWriter"),
        .testTarget(
            name: "StoreTests",
            dependencies: ["GleanerStore", "GleanerOutput", "GleanerModel", "TestSupport"]),
        // Every file of Tests/FuzzCorpus/<target>/ through its fuzz entry point: no crash, bounded output.
        .testTarget(name: "FuzzCorpusTests", dependencies: ["GleanerFuzzTargets"]),
        .testTarget(
            name: "CrawlTests",
            dependencies: ["GleanerCrawl", "GleanerDaemon", "TestSupport"],
            exclude: ["Golden", "Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
