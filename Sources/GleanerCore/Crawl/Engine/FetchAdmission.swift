/// How many new pages a crawl loop may start now: a window over the pages in flight that
/// follows the parse workers.
///
/// Fetching is usually far faster than parsing (a fast site, a local mirror): without a limit,
/// every one of `concurrency` requests finishes and holds its body, waiting for a parse worker.
/// So the pages in flight, fetching or waiting for a worker, are held to a window. It grows by one whenever a worker is idle (the fetches are
/// what it waits for). Whenever `maxBacklog` pages wait, nothing starts and it closes to one less
/// than what is in flight. It stays within `maxBacklog...concurrency`. A slow site keeps the
/// workers idle, so its window opens to `concurrency` within as many pages; against a fast one it
/// stays near `maxBacklog`. Checked at every page the loop finishes, so it moves one step at a
/// time (a pure state machine: no clock).
struct FetchAdmission: Sendable {
    /// Requests of one crawl in flight at once (`[http] concurrency`).
    let concurrency: Int
    /// Pages waiting for the workers (across every crawl sharing them) at which the window shrinks.
    let maxBacklog: Int
    /// Parse workers: fewer pages than this waiting or being parsed leaves one idle.
    let workers: Int
    private(set) var window: Int

    /// Four pages per worker: fewer makes the fetches come in smaller bursts that cost more
    /// system time.
    init(concurrency: Int, workers: Int) {
        self.concurrency = max(concurrency, 1)
        self.workers = max(workers, 1)
        maxBacklog = 4 * self.workers
        window = min(self.concurrency, maxBacklog)
    }

    /// The window `previous` (a source's last run) left, when it was for the same concurrency and
    /// workers; a fresh one otherwise, as after a reload that changed either.
    init(resuming previous: FetchAdmission?, concurrency: Int, workers: Int) {
        self.init(concurrency: concurrency, workers: workers)
        if let previous, previous.concurrency == self.concurrency, previous.workers == self.workers { self = previous }
    }

    mutating func starts(inFlight: Int, backlog: Int) -> Int {
        // A crawl with nothing in flight starts one page anyway: the backlog may be another
        // source's, and nothing else would wake this loop.
        let least = inFlight == 0 ? 1 : 0
        if backlog >= maxBacklog {
            // Behind: nothing new starts, and the window closes from what is in flight now (it
            // may have opened far wider during a slow stretch).
            window = max(min(window, inFlight) - 1, min(maxBacklog, concurrency))
            return least
        }
        if backlog < workers { window = min(window + 1, concurrency) }
        return max(window - inFlight, least)
    }
}
