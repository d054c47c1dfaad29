import GleanerModel

/// Types a draft's string values into the Model's record bodies.
enum RecordBuilder {
    static func body(_ type: RecordType, _ f: [String: [String]]) -> RecordBody {
        func one(_ k: String) -> String? { f[k]?.first }
        func all(_ k: String) -> [String] { f[k] ?? [] }
        switch type {
        case .article:
            return .article(Article(
                section: one("section"), title: one("title") ?? "", subtitle: one("subtitle"), authors: all("authors"),
                publishedAt: one("published_at"), body: all("body"), images: all("images")))
        case .weather:
            return .weather(WeatherObservation(
                date: one("date") ?? "", location: one("location") ?? "", condition: one("condition") ?? "",
                conditionCode: one("condition_code"), temperatureC: one("temperature_c").flatMap { Double($0) ?? Transform.firstNumber(in: $0).flatMap(Double.init) },
                provider: one("provider")))
        case .teaser:
            return .teaser(Teaser(
                title: one("title") ?? "", targetURL: one("target_url") ?? "", lead: one("lead"), authors: all("authors"),
                publishedAt: one("published_at"), box: one("box")))
        }
    }
}
