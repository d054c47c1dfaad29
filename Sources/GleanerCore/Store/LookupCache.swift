import GleanerModel
/// The validators and stored links of list pages, so that a list page answering 304 on every
/// run costs no SQLite read at all.
typealias LookupCache = CommittedCopy<PageLookup>

extension CommittedCopy where Value == PageLookup {
    convenience init() { self.init(capacity: 4096) }

    /// After a commit's URL upserts: the same rule as `upsertURL`'s SQL — a 304 keeps the stored
    /// validator where the response omits it, any other status replaces both.
    func applied(_ fetches: [StoreCommit.Fetch]) {
        written { entries in
            for f in fetches {
                guard var entry = entries[f.url] else { continue }
                var etag = f.etag, lastModified = f.lastModified
                if f.status == 304 {
                    etag = etag ?? entry.validators?.etag
                    lastModified = lastModified ?? entry.validators?.lastModified
                }
                entry.validators = etag == nil && lastModified == nil ? nil : Validators(etag: etag, lastModified: lastModified)
                entries[f.url] = entry
            }
        }
    }

    /// After `saveLinks`: the pages' links are replaced.
    func savedLinks(_ pages: [(url: String, links: [StoredLink])]) {
        written { entries in
            for page in pages where entries[page.url] != nil { entries[page.url]?.links = page.links }
        }
    }
}
