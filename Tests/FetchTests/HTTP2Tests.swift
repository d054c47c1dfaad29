import Foundation
import GleanerFetch
import Testing
import TestSupport

/// HTTP/2 over TLS against nghttpd with a certificate made for the test.
@Suite struct HTTP2Tests {
    @Test func http2OverTLSWithTheTestCertificateTrusted() async throws {
        let body = Array(HostileRoutes.page.utf8)
        let server = try TestTLSServer(files: ["page.html": body])
        var settings = HostileRoutes.settings()
        settings.caInfo = server.certificatePath
        settings.connectTo = ["localhost:\(server.port):127.0.0.1:\(server.port)"]
        let client = HTTPClient(settings: settings)
        let url = "https://localhost:\(server.port)/page.html"
        let responses = await withTaskGroup(of: Result<HTTPResponse, FetchError>.self) { group in
            for _ in 0..<4 { group.addTask { await client.get(url) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        for result in responses {
            let response = try result.get()
            #expect(response.status == 200)
            #expect(response.version == .http2)
            #expect(response.body == body)
        }
    }

    @Test func untrustedCertificateIsATLSError() async throws {
        let server = try TestTLSServer(files: ["page.html": [0x61]])
        var settings = HostileRoutes.settings()
        settings.connectTo = ["localhost:\(server.port):127.0.0.1:\(server.port)"]
        let result = await HTTPClient(settings: settings).get("https://localhost:\(server.port)/page.html")
        #expect(result.failureKind == .tls)
        #expect(result.failure?.detail.contains("certificate") == true)
    }
}
