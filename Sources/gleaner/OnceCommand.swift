import ArgumentParser
import Foundation
import GleanerCrawl
import GleanerDaemon
import GleanerModel
import GleanerParse
import Logging
import UnixSignals

/// `gleaner once`: run the due (or named) sources once and exit.
struct OnceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "once",
        abstract: "Run the sources that are due (or the one named) once, then exit.",
        discussion: """
            Exit status: 0 when every page was fetched and committed, 1 when any page or source \
            failed or a source's parser did not load (the others run; the summary says which), 2 \
            when the configuration or state could not be loaded or no enabled source can run; 130 (SIGINT, Ctrl-C) or 143 (SIGTERM) when a signal ended the run early: \
            no new page starts, pages in flight finish within shutdown_grace (a second signal \
            abandons them), and what was fetched is committed and the output sealed. On a terminal a progress line shows pages done and queued, records by type, \
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
        if let source, let off = setup.disabledSources.first(where: { $0.name == source }) {
            let errors = setup.parserErrors[off.parser] ?? []
            FileHandle.standardError.write(Data(("gleaner: source \"\(source)\" cannot run: parser \"\(off.parser)\" did not load:\n"
                + errors.map { "  \($0)\n" }.joined()).utf8))
            throw ExitCode(2)
        }
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
        // A parser that did not load disables its sources only: the others run, the exit status is 1.
        await runtime.reportParserHealth(setup)
        let disabled = source == nil ? setup.disabledSources : []
        let scheduler = Scheduler(plans: Dictionary(runnable.map { ($0.0.name, Scheduler.Plan($0.0)) }, uniquingKeysWith: { a, _ in a }),
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
            if !disabled.isEmpty {
                printDisabled(disabled, setup: setup)
                Self.writeMetrics(setup.configuration.metricsPath, runtime.metrics)
                throw ExitCode(1)
            }
            return
        }

        let progress = ProgressLine(enabled: isatty(STDERR_FILENO) == 1)
        let stop = StopFlag()
        var onProgress: (@Sendable (CrawlProgress) -> Void)?
        if progress.enabled { onProgress = { update in progress.show(update.line) } }
        let concurrency = setup.configuration.http.concurrency
        let currentProgress = onProgress
        // Trapped before the first page: from here SIGINT and SIGTERM end the run like the daemon's
        // shutdown instead of killing the process with output unsealed.
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        let crawl = Task { [scheduler] in
            var scheduler = scheduler
            var reports: [RunReport] = []
            for (source, parser) in chosen where !stop.isStopped {
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
            return reports
        }
        let interruption = Interruption()
        let grace = setup.configuration.daemon.shutdownGrace
        let watcher = Task {
            for await signal in signals {
                let first = interruption.record(signal == .sigint ? 130 : 143)
                progress.clear()
                guard first else {
                    FileHandle.standardError.write(Data("gleaner: \(signal) again: abandoning pages in flight\n".utf8))
                    crawl.cancel()
                    continue
                }
                stop.stop()
                FileHandle.standardError.write(Data(
                    "gleaner: \(signal): no new page starts; pages in flight finish within shutdown_grace (\(grace)), then the output is sealed (\(signal) again abandons them)\n".utf8))
                interruption.timer = Task {
                    do { try await Task.sleep(for: grace.duration) } catch { return }
                    crawl.cancel()
                    // The backstop: a run that does not end even when cancelled is left like a crash
                    // (recovery truncates to the last commit at the next start).
                    do { try await Task.sleep(for: .seconds(15)) } catch { return }
                    FileHandle.standardError.write(Data("gleaner: pages in flight did not stop; exiting without sealing\n".utf8))
                    Glibc.exit(interruption.exitCode ?? 1)
                }
            }
        }
        let reports = await crawl.value
        watcher.cancel()
        interruption.timer?.cancel()
        do { try await runtime.output.sealAll() } catch {
            FileHandle.standardError.write(Data("gleaner: sealing output files failed: \(error)\n".utf8))
            throw ExitCode(1)
        }
        Self.writeMetrics(setup.configuration.metricsPath, runtime.metrics)
        let types = setup.runnableSources.flatMap { source, parser in source.recordTypes(onSeed: true, parser: parser) }
        printSummary(reports, types: Set(types), output: setup.configuration.outputDirectory)
        printDisabled(disabled, setup: setup)
        if let code = interruption.exitCode {
            let skipped = chosen.count - reports.count
            print("interrupted: pages in flight finished or abandoned, output sealed and committed"
                  + (skipped > 0 ? "; \(skipped) source(s) not run" : ""))
            throw ExitCode(code)
        }
        if reports.contains(where: { !$0.succeeded || $0.failed > 0 }) || !disabled.isEmpty { throw ExitCode(1) }
    }

    private func printDisabled(_ sources: [SourceConfiguration], setup: CrawlSetup) {
        for s in sources {
            let errors = setup.parserErrors[s.parser] ?? []
            print("source \(s.name): not run: parser \(s.parser) did not load (\(errors.count) error\(errors.count == 1 ? "" : "s"); `gleaner check --config` lists them)")
        }
    }

    /// `types`: what the sources emit, shown with their counts even when nothing new came.
    private func printSummary(_ reports: [RunReport], types: Set<RecordType>, output: String) {
        for r in reports {
            print(r.summary)
            for (kind, n) in r.failures.sorted(by: { $0.key < $1.key }) { print("  failed: \(n) × \(kind)") }
            if r.robotsDenied > 0 { print("  robots.txt disallowed: \(r.robotsDenied)") }
            if r.overBudget > 0 { print("  not followed (max_pages reached): \(r.overBudget)") }
            if let n = r.outOfScope["scope_deny"] { print("  not followed (matches a deny pattern): \(n)") }
            if let n = r.outOfScope["scope_allow"] { print("  not followed (matches no allow pattern): \(n)") }
        }
        var total: [RecordType: Int] = [:]
        for r in reports { for (t, n) in r.emitted { total[t, default: 0] += n } }
        let byType = types.union(total.keys).sorted().map { "\(total[$0, default: 0]) \($0)" }.joined(separator: ", ")
        print("new records: \(byType) → \(output)/<type>/")
    }
}

/// The first signal that interrupted `once`, as the exit status it leads to.
final class Interruption: @unchecked Sendable {
    private let lock = NSLock()
    private var code: Int32?
    private var pending: Task<Void, Never>?

    /// Records `code` if no signal came before; true for the first signal.
    func record(_ code: Int32) -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard self.code == nil else { return false }
        self.code = code
        return true
    }

    var exitCode: Int32? { lock.lock(); defer { lock.unlock() }; return code }

    /// The grace timer started by the first signal (cancelled once the runs have ended).
    var timer: Task<Void, Never>? {
        get { lock.lock(); defer { lock.unlock() }; return pending }
        set { lock.lock(); defer { lock.unlock() }; pending = newValue }
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

extension OnceCommand {
    /// The metrics file, if configured; a failure to write it is said on stderr (the run's own
    /// outcome stands).
    static func writeMetrics(_ path: String?, _ metrics: CrawlMetrics) {
        guard let path else { return }
        do { try MetricsFile(path: path).write(metrics) } catch {
            FileHandle.standardError.write(Data("gleaner: metrics file \(path) not written: \(error)\n".utf8))
        }
    }
}
