import CCodePages

/// The code and read-only data pages a process keeps mapped after running them once.
///
/// Starting gleaner runs code that a crawl never runs again: argument and TOML parsing, parser
/// loading, SQLite's schema setup, and the initialisation of libcurl's libraries (OpenSSL, GnuTLS,
/// Kerberos, LDAP). The kernel maps code in 64 KB blocks around each page touched, and those
/// blocks stay resident, and in the process's RSS, for as long as it lives: ~4 MB of the 15 MB of
/// code a crawl had resident (docs/benchmarks.md, "What mattered in session 8").
///
/// `release()` unmaps every read-only segment of the executable and its libraries. The files stay
/// in the page cache, so the pages a crawl goes on to run come back through a few hundred minor
/// faults (well under a millisecond in all), and the rest stay out. Writable segments, and the
/// pointers relocated at start (RELRO), are this process's own copies and are never touched.
public enum CodePages {
    /// Returns the bytes of address space unmapped (resident or not).
    @discardableResult
    public static func release() -> Int { Int(gl_code_pages_release()) }
}
