import GleanerModel
import Foundation
import GleanerFetch
import Testing
import TestSupport

@Suite struct HTTPClientTests {
    @Test func normalPageCarriesStatusHeadersBodyVersionAndTimings() async throws {
        let server = try HostileRoutes.server()
        defer { server.stop() }
        let client = HTTPClient(settings: HostileRoutes.settings())
        let response = try await client.get("\(server.baseURL)/page").get()
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == HostileRoutes.page)
        #expect(response.headers["content-type"] == "text/html; charset=utf-8")
        #expect(response.charset == "utf-8")
        #expect(response.version == .http1_1)
        #expect(response.finalURL == "\(server.baseURL)/page")
        #expect(response.timings.total > 0 && response.timings.total >= response.timings.connect)
        #expect(!response.notModified)
        #expect(response.validators == Validators(etag: HostileRoutes.etag, lastModified: HostileRoutes.lastModified))
    }

    @Test func sendsUserAgentWithVersionAndContactAndAcceptsEveryEncoding() async throws {
        let server = try HostileRoutes.server()
        defer { server.stop() }
        _ = try await HTTPClient(settings: HostileRoutes.settings()).get("\(server.baseURL)/echo").get()
        let request = try #require(server.requests(path: "/echo").first)
        #expect(request.header("User-Agent") == "gleaner/\(GleanerFetch.version) (+\(GleanerFetch.contactURL))")
        let encodings = request.header("Accept-Encoding") ?? ""
        #expect(encodings.contains("gzip") && encodings.contains("br") && encodings.contains("deflate"))
    }

    @Test(arguments: ["/gzip", "/br"])
    func compressedBodiesArriveDecoded(path: String) async throws {
        let server = try HostileRoutes.server()
        defer { server.stop() }
        let response = try await HTTPClient(settings: HostileRoutes.settings()).get(server.baseURL + path).get()
        #expect(String(decoding: response.body, as: UTF8.self) == HostileRoutes.page)
    }

    @Test func conditionalGetSendsValidatorsAndGets304WithoutBody() async throws {
        let server = try HostileRoutes.server()
        defer { server.stop() }
        let client = HTTPClient(settings: HostileRoutes.settings())
        let first = try await client.get("\(server.baseURL)/page").get()
        let second = try await client.get("\(server.baseURL)/page", validators: first.validators).get()
        #expect(second.status == 304)
        #expect(second.notModified)
        #expect(second.body.isEmpty)
        let sent = try #require(server.requests(path: "/page").last)
        #expect(sent.header("If-None-Match") == HostileRoutes.etag)
        #expect(sent.header("If-Modified-Since") == HostileRoutes.lastModified)
    }

    /// Easy handles are kept between transfers (one at a time here, so each request reuses the
    /// last one's): nothing of one request may carry over into the next — not its validators,
    /// its method, its body limit or a failure.
    @Test func aReusedHandleCarriesNothingOverFromItsLastRequest() async throws {
        let server = try HostileRoutes.server()
        defer { server.stop() }
        server.route("/head") { request, connection in  // HEAD answered as HTTP says: no body
            let length = ("Content-Length", "\(HostileRoutes.page.utf8.count)")
            if request.method == "HEAD" { connection.writeHead(status: 200, headers: [length]) } else {
                connection.respond(status: 200, text: HostileRoutes.page)
            }
        }
        let client = HTTPClient(settings: HostileRoutes.settings())
        let page = "\(server.baseURL)/page"
        let first = try await client.get(page).get()
        #expect(try await client.get(page, validators: first.validators).get().status == 304)
        let head = try await client.fetch(HTTPRequest(url: "\(server.baseURL)/head", method: .head)).get()
        #expect(head.status == 200 && head.body.isEmpty)
        #expect(server.requests(path: "/head").map(\.method) == ["HEAD"])
        let truncated = try await client.fetch(HTTPRequest(url: page, maxBodyBytes: 10, oversize: .truncate)).get()
        #expect(truncated.truncated && truncated.body.count == 10)
        let tooLarge = await client.fetch(HTTPRequest(url: "\(server.baseURL)/huge"))
        #expect((try? tooLarge.get()) == nil)
        let plain = try await client.get(page).get()
        #expect(plain.status == 200)
        #expect(String(decoding: plain.body, as: UTF8.self) == HostileRoutes.page)
        #expect(!plain.truncated)
        let sent = server.requests(path: "/page")
        #expect(sent.map(\.method) == ["GET", "GET", "GET", "GET"], "a GET after a HEAD")
        #expect(sent.last?.header("If-None-Match") == nil, "the validators stayed with their request")
        #expect(sent[1].header("If-None-Match") == HostileRoutes.etag)
    }

    @Test func oddlySpacedHeaderLinesAreParsedAndMalformedOnesDropped() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/odd") { _, connection in
            connection.write(Array(("HTTP/1.1 200 OK\r\nContent-Type:text/plain\r\nX-Spaced: \t padded value \t\r\n"
                + "Location-Like: http://a.example/b:c\r\nX-Empty:\r\nBad Name: dropped\r\nETag: \"e1\"\r\n"
                + "Content-Length: 2\r\n\r\nok").utf8))
        }
        let response = try await HTTPClient(settings: HostileRoutes.settings()).get("\(server.baseURL)/odd").get()
        #expect(String(decoding: response.body, as: UTF8.self) == "ok")
        #expect(response.headers.map(\.name) == ["Content-Type", "X-Spaced", "Location-Like", "X-Empty", "ETag", "Content-Length"])
        #expect(response.headers["CONTENT-TYPE"] == "text/plain")
        #expect(response.headers["x-spaced"] == "padded value")
        #expect(response.headers["location-like"] == "http://a.example/b:c")
        #expect(response.headers["X-Empty"] == "")
        #expect(response.validators == Validators(etag: "\"e1\""))
    }

    @Test func headerNamesMatchIgnoringCaseButOnlyForLetters() {
        let headers = HTTPHeaders([("Content-Length", "5"), ("X-[a]", "brackets"), ("Straße", "sharp s")])
        #expect(headers["content-LENGTH"] == "5")
        #expect(headers["content-length "] == nil)
        #expect(headers["Content-Lengt"] == nil)
        // '[' and '{' differ only in the bit that separates upper from lower case letters.
        #expect(headers["x-{a}"] == nil)
        #expect(headers["x-[A]"] == "brackets")
        #expect(headers["STRASSE"] == nil)
        #expect(headers["straße"] == "sharp s")
        #expect(headers["STRAẞE"] == "sharp s")
    }

    /// A daemon's runs are bursts of transfers with pauses between: the connections of one
    /// burst must still be there for the next, also after the burst's transfers ended one by one
    /// (curl's default keeps only four per transfer still running).
    @Test func connectionsOutliveTheTransfersThatOpenedThem() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        server.route("/slow") { request, connection in
            // Staggered answers, so the transfers finish one at a time.
            let index = Int(request.query?.split(separator: "=").last ?? "0") ?? 0
            connection.pause(Double(index + 1) * 0.04)
            connection.respond(status: 200, text: "ok")
        }
        var settings = HostileRoutes.settings()
        settings.maxTotalConnections = 8
        settings.maxConnectionsPerHost = 8
        let client = HTTPClient(settings: settings)
        func burst(_ n: Int) async {
            await withTaskGroup(of: Void.self) { group in
                for i in 0..<n { group.addTask { _ = await client.get("\(server.baseURL)/slow?i=\(i)") } }
            }
        }
        await burst(8)
        let first = Set(server.requests.map(\.connection))
        #expect(first.count > 4)
        // As many transfers as there are connections: each finds one idle.
        await burst(first.count)
        let all = Set(server.requests.map(\.connection))
        #expect(all == first, "the second burst opened \(all.count - first.count) new connection(s)")
    }

    @Test func extraHeadersAreSent() async throws {
        let server = try HostileRoutes.server()
        defer { server.stop() }
        _ = await HTTPClient(settings: HostileRoutes.settings()).get("\(server.baseURL)/echo", headers: [("X-Test", "yes")])
        #expect(server.requests(path: "/echo").first?.header("X-Test") == "yes")
    }

    @Test func eucKRCharsetComesFromTheHeaderAndBytesAreUntouched() async throws {
        let server = try HostileRoutes.server()
        defer { server.stop() }
        let response = try await HTTPClient(settings: HostileRoutes.settings()).get("\(server.baseURL)/euc-kr").get()
        #expect(response.charset == "euc-kr")
        #expect(response.body == Array("<p>".utf8) + HostileRoutes.eucKRBytes + Array("</p>".utf8))
    }

    @Test func connectToReachesLoopbackWhileKeepingTheRealHost() async throws {
        let server = try HostileRoutes.server()
        defer { server.stop() }
        var settings = HostileRoutes.settings()
        settings.connectTo = [server.connectTo(host: "www.tvseoul.kr")]
        let response = try await HTTPClient(settings: settings).get("http://www.tvseoul.kr/page").get()
        #expect(response.status == 200)
        #expect(response.finalURL == "http://www.tvseoul.kr/page")
        #expect(server.requests(path: "/page").first?.header("Host") == "www.tvseoul.kr")
    }

    @Test func redirectChainIsFollowedAndOnlyFinalHeadersAreKept() async throws {
        let server = try HostileRoutes.server()
        defer { server.stop() }
        let response = try await HTTPClient(settings: HostileRoutes.settings()).get("\(server.baseURL)/r301").get()
        #expect(response.status == 200)
        #expect(response.finalURL == "\(server.baseURL)/page")
        #expect(response.redirectCount == 4)
        #expect(response.headers["X-Hop"] == nil)
        #expect(response.headers["Location"] == nil)
        #expect(server.requests.map(\.path) == ["/r301", "/r302", "/r307", "/r308", "/page"])
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let server = try HostileRoutes.server()
        defer { server.stop() }
        var settings = HostileRoutes.settings()
        settings.totalTimeout = 60
        settings.lowSpeedTime = 60
        let client = HTTPClient(settings: settings)
        let task = Task { await client.get("\(server.baseURL)/hang") }
        while server.requests(path: "/hang").isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        task.cancel()
        // Without cancellation the transfer would end after 10 s as a broken connection.
        #expect(await task.value.failureKind == .cancelled)
    }
}

extension Result where Failure == FetchError {
    var failureKind: FetchError.Kind? {
        if case .failure(let error) = self { return error.kind }
        return nil
    }

    var failure: FetchError? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// An option the linked libcurl refuses is never dropped: the request fails with an error that
/// names the option and carries curl's own text, instead of running with curl's defaults.
@Suite struct CurlOptionTests {
    @Test func anUnknownProtocolNameFailsTheRequestNamingTheOption() async throws {
        let server = try HostileRoutes.server()
        defer { server.stop() }
        var settings = HostileRoutes.settings()
        settings.protocols = "http,gopherish"
        let result = await HTTPClient(settings: settings).get("\(server.baseURL)/page")
        guard case .failure(let error) = result else {
            Issue.record("the request ran without its protocol limit: \(result)")
            return
        }
        #expect(error.kind == .curlOption)
        #expect(error.description.contains("libcurl refused CURLOPT_PROTOCOLS_STR: "), "\(error)")
        #expect(error.description.contains("\(server.baseURL)/page"), "\(error)")
        #expect(server.requests(path: "/page").isEmpty, "nothing was sent")
    }

    @Test func aClientWithGoodOptionsStillFetchesAfterAnotherClientsRefusedOne() async throws {
        let server = try HostileRoutes.server()
        defer { server.stop() }
        var bad = HostileRoutes.settings()
        bad.protocols = "nosuchproto"
        _ = await HTTPClient(settings: bad).get("\(server.baseURL)/page")
        let response = try await HTTPClient(settings: HostileRoutes.settings()).get("\(server.baseURL)/page").get()
        #expect(response.status == 200)
    }
}
