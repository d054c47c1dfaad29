import GleanerParse
import Synchronization

/// The list pages a parser has recognised, so that a daemon asking "does this page keep its
/// links?" of the same seeds on every run matches the page-kind patterns once per URL rather
/// than once per request. Only list pages are kept (article URLs are
/// many and seen once a run at most), at most `capacity`, for one parser at a time: another
/// parser (a second source, a reload) starts it afresh.
final class ListPageMemo: Sendable {
    private struct State {
        var parser: SiteParser?
        var urls: Set<String> = []
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// `Crawler.keepsLinks(parser, url:)`, remembered when true.
    func keepsLinks(_ parser: SiteParser, url: String) -> Bool {
        let known = state.withLock { s in s.parser === parser && s.urls.contains(url) }
        if known { return true }
        guard Crawler.keepsLinks(parser, url: url) else { return false }
        state.withLock { s in
            if s.parser !== parser { s = State(parser: parser) }
            if s.urls.count < capacity { s.urls.insert(url) }
        }
        return true
    }
}
