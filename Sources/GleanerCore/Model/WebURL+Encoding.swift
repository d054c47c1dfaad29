extension WebURL {
    /// The URL Standard's percent-encode sets (§1.3) that special URLs use. Each one contains
    /// the C0 controls and every code point above U+007E; a `%` is never encoded, so existing
    /// escapes (and stray `%`s) pass through unchanged.
    enum EncodeSet {
        /// Space `"` `<` `>` `` ` ``.
        case fragment
        /// Space `"` `#` `<` `>` and `'` (the special-query set).
        case specialQuery
        /// The query set plus `?` `` ` `` `{` `}`.
        case path
        /// The path set plus `/` `:` `;` `=` `@` `[` `\` `]` `|`.
        case userinfo

        @inline(__always)
        func contains(_ c: UInt8) -> Bool {
            if c < 0x20 || c > 0x7E { return true }
            switch self {
            case .fragment:
                return c == 0x20 || c == 0x22 || c == 0x3C || c == 0x3E || c == 0x60
            case .specialQuery:
                return c == 0x20 || c == 0x22 || c == 0x23 || c == 0x3C || c == 0x3E || c == 0x27
            case .path:
                return Self.inPath(c)
            case .userinfo:
                return Self.inPath(c) || c == 0x2F || c == 0x3A || c == 0x3B || c == 0x3D || c == 0x40
                    || (c >= 0x5B && c <= 0x5E) || c == 0x7C
            }
        }

        private static func inPath(_ c: UInt8) -> Bool {
            switch c {
            case 0x20, 0x22, 0x23, 0x3C, 0x3E, 0x3F, 0x60, 0x7B, 0x7D: true
            default: false
            }
        }
    }
}

extension WebURL.Parser {
    /// Appends `bytes`, percent-encoding those in `set` as `%XX` (upper-case hex).
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, encoding set: WebURL.EncodeSet) {
        for c in bytes {
            if set.contains(c) {
                out.append(0x25)
                out.append(Self.hexDigit(c >> 4))
                out.append(Self.hexDigit(c & 0xF))
            } else {
                out.append(c)
            }
        }
    }

    static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x41 + v - 10 }
}
