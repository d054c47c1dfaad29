import Foundation
import GleanerModel
import Synchronization

/// What one fetch may reach beyond the URL it was given: the caller's scope for redirect
/// targets and whether private addresses are allowed.
public struct FetchPolicy: Sendable {
    /// Overrides `Fetcher.Settings.allowPrivateAddresses` when set (a source's
    /// `allow_private_addresses`).
    public var allowPrivateAddresses: Bool?
    /// Why a redirect target is outside what the caller follows (its source's hosts and page
    /// kinds), or nil when it is inside. Nil: any http(s) URL.
    public var scope: (@Sendable (String) -> String?)?
    /// The caller's headers, cookies and cookie jar, on every request of the fetch (robots.txt too).
    public var extras: HTTPRequest.Extras

    public init(allowPrivateAddresses: Bool? = nil, scope: (@Sendable (String) -> String?)? = nil,
                extras: HTTPRequest.Extras = HTTPRequest.Extras()) {
        self.allowPrivateAddresses = allowPrivateAddresses
        self.scope = scope
        self.extras = extras
    }
}

/// Host names, shared between a `Fetcher` and its robots.txt loader.
final class HostSet: Sendable {
    private let hosts = Mutex<Set<String>>([])
    func insert(_ host: String) { _ = hosts.withLock { $0.insert(host) } }
    func contains(_ host: String) -> Bool { hosts.withLock { $0.contains(host) } }
}

// MARK: - Checks of each hop

extension Fetcher {
    /// The checks every URL of a redirect chain passes before it is requested: an http(s) URL,
    /// inside the caller's scope (hops after the first), not an address literal of a refused
    /// class, allowed by its host's robots.txt. Returns the hop's host key.
    func check(_ hop: String, chain: [String], policy: FetchPolicy, allowPrivate: Bool) async -> Result<String, FetchError> {
        let isRedirect = chain.count > 1
        func refused(_ kind: FetchError.Kind, _ reason: String, rule: Robots.Rule? = nil) -> Result<String, FetchError> {
            let detail = isRedirect ? "redirect to \(hop) refused: \(reason)" : reason
            logger.info("fetch refused", metadata: ["fetch.url": "\(chain[0])", "fetch.hop": "\(hop)", "fetch.reason": "\(reason)"])
            return .failure(FetchError(kind: kind, url: chain[0], detail: detail, robotsRule: rule))
        }
        guard let components = URLComponents(string: hop), let host = Self.hostKey(of: components) else {
            return refused(isRedirect ? .redirectRefused : .invalidURL, "not an absolute http(s) URL")
        }
        if isRedirect, let reason = policy.scope?(hop) { return refused(.redirectRefused, reason) }
        if allowPrivate {
            privateHosts.insert(host)
        } else if let kind = AddressClass.of(literal: host), kind != .public {
            let port = components.port ?? (components.scheme?.lowercased() == "https" ? 443 : 80)
            if !HTTPClientSettings.matches(connectToSources, host: host, port: port) {
                return refused(.addressRefused, "\(host) is a \(kind) address (allow_private_addresses = true on the source, or a connect_to entry, allows it)")
            }
        }
        if settings.respectRobots, let blocked = await robotsCheck(hop, components: components, extras: policy.extras) {
            guard isRedirect else { return .failure(blocked) }
            guard blocked.kind == .robotsDisallowed else {
                // The redirect's host gave no answer: the error names the URL asked for.
                var error = blocked
                error.url = chain[0]
                error.detail = "after redirects to \(hop): \(error.detail)"
                return .failure(error)
            }
            return refused(.redirectRefused, "disallowed by robots.txt (\(blocked.detail))", rule: blocked.robotsRule)
        }
        return .success(host)
    }

    /// Appends a redirect's target (`location` resolved against `hop` by the URL Standard, the
    /// fragment dropped) to `chain`, or says why it is not followed: a scheme other than
    /// http(s), a URL the standard rejects (invalid host, bad port), a loop, or more hops than
    /// `maxRedirects`.
    func nextHop(_ location: String, from hop: String, chain: inout [String], status: Int) -> FetchError? {
        let target: String
        switch WebURL.parse(location, base: WebURL(hop)) {
        case .success(let url):
            target = url.withoutFragment.serialization
        case .failure(let failure) where failure.kind == .scheme:
            let reason = "redirect (\(status)) to \(location) refused: only http and https are followed"
            return FetchError(kind: .redirectRefused, url: chain[0], detail: reason)
        case .failure(let failure):
            let reason = "redirect (\(status)) to \(location) refused: not a valid URL (\(failure.detail))"
            return FetchError(kind: .redirectRefused, url: chain[0], detail: reason)
        }
        if chain.contains(target) {
            let loop = (chain + [target]).joined(separator: " -> ")
            return FetchError(kind: .tooManyRedirects, url: chain[0], detail: "redirect loop: \(loop)")
        }
        if chain.count > settings.http.maxRedirects {
            let path = (chain + [target]).joined(separator: " -> ")
            return FetchError(kind: .tooManyRedirects, url: chain[0], detail: "more than \(settings.http.maxRedirects) redirects: \(path)")
        }
        chain.append(target)
        return nil
    }
}
