import Foundation

/// Reads a configuration or parser file as UTF-8 text, with an error a person can act on: the
/// file is missing, a directory, unreadable (with the system's reason), or not UTF-8 (with the
/// offset and line of the first bad byte), instead of Foundation's "error 256".
public enum TextFile {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// 1-based line of the first invalid byte, when the file is not UTF-8.
        public var line: Int?
        public var message: String
        public var description: String { message }
    }

    public static func read(_ path: String) -> Result<String, Failure> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(Failure(message: "cannot read the file: no such file"))
        }
        if isDirectory.boolValue { return .failure(Failure(message: "cannot read the file: it is a directory")) }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return .failure(Failure(message: "cannot read the file: \(String(cString: strerror(errno)))")) }
        close(fd)
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(Failure(message: "cannot read the file"))
        }
        let bytes = [UInt8](data)
        if let bad = firstInvalidUTF8(bytes) {
            let line = bytes[..<bad].reduce(1) { $1 == 10 ? $0 + 1 : $0 }
            let hex = String(bytes[bad], radix: 16, uppercase: true)
            return .failure(Failure(line: line, message: "not UTF-8 text: invalid byte 0x\(hex.count == 1 ? "0" : "")\(hex) at offset \(bad) (save the file as UTF-8)"))
        }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    /// The offset of the first byte that does not belong to well-formed UTF-8, or nil.
    public static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int, low: UInt8, high: UInt8  // the allowed range of the second byte
            switch b {
            case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
            case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (length, low, high) = (3, 0x80, 0xBF)
            case 0xED: (length, low, high) = (3, 0x80, 0x9F)
            case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
            case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
            case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
            default: return i
            }
            guard i + length <= n, (low...high).contains(bytes[i + 1]) else { return i }
            for k in 2..<max(length, 2) where !(0x80...0xBF).contains(bytes[i + k]) { return i }
            i += length
        }
        return nil
    }
}
