@testable import GleanerParse
import Testing

/// The libxml2 that runs is the release whose headers gleaner was compiled against: struct
/// layouts (the XPath context's operation limit) and callback signatures differ between releases.
struct LibXML2VersionTests {
    @Test func theRunningLibraryIsTheOneTheHeadersDescribe() {
        // Same major and minor release: 2.15.x headers with a 2.15.y library.
        #expect(LibXML2.version / 100 == LibXML2.headerVersion / 100,
                "running libxml2 \(LibXML2.version), compiled against \(LibXML2.headerVersion)")
    }
}
