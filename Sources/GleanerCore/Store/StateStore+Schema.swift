import GRDB

extension StateStore {
    /// Versioned schema. Never edit a registered migration: add the next one.
    static let migrator: DatabaseMigrator = {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            // WITHOUT ROWID: the key is the only index, so a URL is stored once (state size).
            try db.execute(sql: """
                CREATE TABLE urls (
                    url TEXT PRIMARY KEY NOT NULL,
                    fetched_at REAL NOT NULL,
                    status INTEGER NOT NULL,
                    etag TEXT,
                    last_modified TEXT,
                    content_hash TEXT,
                    first_seen REAL NOT NULL,
                    last_seen REAL NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE records (
                    site TEXT NOT NULL,
                    type TEXT NOT NULL,
                    id TEXT NOT NULL,
                    revision INTEGER NOT NULL,
                    content_hash BLOB NOT NULL,
                    first_seen REAL NOT NULL,
                    last_seen REAL NOT NULL,
                    PRIMARY KEY (site, type, id)
                ) WITHOUT ROWID;
                CREATE TABLE output_files (
                    path TEXT PRIMARY KEY NOT NULL,
                    stream TEXT NOT NULL,
                    period TEXT NOT NULL,
                    period_end REAL NOT NULL,
                    sequence INTEGER NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('open', 'sealed')),
                    committed_offset INTEGER NOT NULL,
                    record_count INTEGER NOT NULL,
                    first_fetched_at REAL,
                    last_fetched_at REAL,
                    created_at REAL NOT NULL,
                    sealed_at REAL
                );
                CREATE INDEX output_files_open ON output_files(state, stream);
                CREATE TABLE sources (
                    name TEXT PRIMARY KEY NOT NULL,
                    next_run_at REAL,
                    last_run_at REAL,
                    last_outcome TEXT,
                    consecutive_failures INTEGER NOT NULL DEFAULT 0,
                    pages_fetched INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE source_records (
                    source TEXT NOT NULL,
                    type TEXT NOT NULL,
                    emitted INTEGER NOT NULL DEFAULT 0,
                    unchanged INTEGER NOT NULL DEFAULT 0,
                    rejected INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (source, type)
                ) WITHOUT ROWID;
                CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                """)
        }
        m.registerMigration("v2") { db in
            // Links of list pages, so that a list answering 304 still leads to its pages.
            try db.execute(sql: """
                CREATE TABLE page_links (
                    url TEXT PRIMARY KEY NOT NULL,
                    links TEXT NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        return m
    }()
}
