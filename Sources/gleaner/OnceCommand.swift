import ArgumentParser
import Foundation
import GleanerCrawl
import GleanerDaemon
import GleanerModel
import GleanerParse
import Logging

/// `gleaner once`: run the due (or named) sources once and exit.
struct OnceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "once",
        abstract: "Run the sources that are due (or the one named) once, then exit.",
        discussion: """
            Exit status: 0 when every page was fetched and committed, 1 when any page or source \
            failed (the summary says which), 2 when the configuration, parsers or state could not \
            be loaded. On a terminal a progress line shows pages done and queued, records by type, \
            errors and the rate.
            """)

    @OptionGroup var paths: CrawlPathOptions

    @Option(name: .long, help: "Run only this source, whether or not it is due.")
    var source: String?

    @Flag(name: .long, help: "Run every enabled source, whether or not it is due.")
    var all = false

    @Flag(name: .customLong("new-generation"), help: ArgumentHelp(
        "Accept a state database that did not write the output directory (lost or replaced state): records already there are written again as revision 1.",
        discussion: "See docs/operations.md, \"Lost or damaged state\"."))
    var newGeneration = false

    func run() async throws {
        let setup = try paths.loadSetup()
        LoggingSetup.bootstrap(setup.configuration.log)
        let logger = Logger(label: "gleaner")
        let runnable = setup.runnableSources
        if let source, !runnable.contains(where: { $0.0.name == source }) {
            let names = runnable.map(\.0.name).joined(separator: ", ")
            FileHandle.standardError.write(Data("gleaner: no enabled source named \"\(source)\" in \(paths.config) (sources: \(names))\n".utf8))
            throw ExitCode(2)
        }
        let runtime: CrawlRuntime
        do { runtime = try CrawlRuntime.open(setup.configuration, logger: logger, newGeneration: newGeneration) } catch {
            FileHandle.standardError.write(Data("gleaner: cannot open the state or the output: \(error)\n".utf8))
            throw ExitCode(2)
        }
        var scheduler = Scheduler(plans: Dictionary(runnable.map { ($0.0.name, Scheduler.Plan($0.0)) }, uniquingKeysWith: { a, _ in a }),
                                  persisted: runtime.persistedSchedule(), now: Date(),
                                  backoffMax: setup.configuration.daemon.backoffMax.seconds)
        let chosen: [(SourceConfiguration, SiteParser)]
        if let source {
            chosen = runnable.filter { $0.0.name == source }
        } else if all {
            chosen = runnable
        } else if case .run(let due) = scheduler.decide(now: Date()) {
            chosen = runnable.filter { due.contains($0.0.name) }
        } else {
            chosen = []
        }
        if chosen.isEmpty {
            print("nothing is due; `gleaner once --all` or `--source NAME` runs sources anyway")
            return
        }

        let progress = ProgressLine(enabled: isatty(STDERR_FILENO) == 1)
        let stop = StopFlag()
        var reports: [RunReport] = []
        var onProgress: (@Sendable (CrawlProgress) -> Void)?
        if progress.enabled { onProgress = { update in progress.show(update.line) } }
        let concurrency = setup.configuration.http.concurrency
        let currentProgress = onProgress
        for (source, parser) in chosen {
            _ = scheduler.started(source.name, now: Date())
            let report = await runtime.crawler.run(source, parser: parser, concurrency: concurrency,
                                                   stop: stop, progress: currentProgress)
            progress.clear()
            if let next = scheduler.finished(source.name, outcome: report.succeeded ? .success : .failure, now: Date()) {
                await runtime.persist(report, next: next)
            }
            reports.append(report)
            if report.commitError != nil { break }  // nothing can be written: the other sources would only fetch in vain
        }
        do { try await runtime.output.sealAll() } catch {
            FileHandle.standardError.write(Data("gleaner: sealing output files failed: \(error)\n".utf8))
            throw ExitCode(1)
        }
        if let path = setup.configuration.metricsPath { try? MetricsFile(path: path).write(runtime.metrics) }
        printSummary(reports, output: setup.configuration.outputDirectory)
        if reports.contains(where: { !$0.succeeded || $0.failed > 0 }) { throw ExitCode(1) }
    }

    private func printSummary(_ reports: [RunReport], output: String) {
        for r in reports {
            print(r.summary)
            for (kind, n) in r.failures.sorted(by: { $0.key < $1.key }) { print("  failed: \(n) × \(kind)") }
            if r.robotsDenied > 0 { print("  robots.txt disallowed: \(r.robotsDenied)") }
            if r.overBudget > 0 { print("  not followed (max_pages reached): \(r.overBudget)") }
        }
        var total: [RecordType: Int] = [:]
        for r in reports { for (t, n) in r.emitted { total[t, default: 0] += n } }
        let byType = RecordType.allCases.map { "\(total[$0, default: 0]) \($0)" }.joined(separator: ", ")
        print("new records: \(byType) → \(output)/<type>/")
    }
}

/// One self-overwriting status line on stderr, at most ten times a second.
final class ProgressLine: @unchecked Sendable {
    let enabled: Bool
    private let lock = NSLock()
    private var last = Date.distantPast

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ line: String) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(last) >= 0.1 else { return }
        last = now
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
