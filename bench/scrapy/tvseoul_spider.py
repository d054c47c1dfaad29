"""Scrapy's side of the benchmark: the same crawl and the same records as gleaner's tvseoul parser.

home page -> weather records (the widget), then section lists (every page, through the pager)
-> articles. The XPath expressions and clean-up rules mirror Parsers/tvseoul/parser.toml so both
crawlers emit equal records; bench/check.py compares both against the generator's ground truth.

Run by bench/run.sh as
    scrapy runspider bench/scrapy/tvseoul_spider.py -O OUT.jsonl:jsonlines
with http_proxy pointing at the local nginx: Scrapy has no connect-to, so it sends its requests
for http://www.tvseoul.kr/... to nginx as a forward proxy (absolute-form request line), and the
spider, its robots.txt handling, its link resolution and its records all see the real URLs.
"""

import re
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlsplit

import scrapy

BASE = "http://www.tvseoul.kr"
HOSTS = {"www.tvseoul.kr", "tvseoul.kr"}
CONDITION_CODES = {  # the tvseoul parser's [tables.condition_code] (Parsers/tvseoul/parser.toml)
    "맑음": "clear", "구름조금": "partly_cloudy", "구름많음": "mostly_cloudy", "흐림": "cloudy",
    "흐리고 비": "rain", "흐리고 눈": "snow", "비": "rain", "약한비": "light_rain", "강한비": "heavy_rain",
    "눈": "snow", "약한눈": "light_snow", "강한눈": "heavy_snow", "비/눈": "rain_snow",
    "비 또는 눈": "rain_snow", "눈/비": "rain_snow", "진눈깨비": "sleet", "소나기": "shower", "빗방울": "drizzle",
    "이슬비": "drizzle", "눈날림": "snow_flurries", "연무": "haze", "안개": "fog", "박무": "mist",
    "황사": "yellow_dust", "천둥번개": "thunderstorm", "뇌우": "thunderstorm", "낙뢰": "lightning",
    "우박": "hail",
}
SPACES = re.compile(r"[ \t\r\n]+")
DATE_RE = re.compile(r"(\d{4})\.(\d{2})\.(\d{2})\s+(\d{2}):(\d{2}):(\d{2})")
BYLINE_RE = re.compile(r"^\[TV서울=(.+?)[\s\u00a0]+기자\]")


def clean(s):
    """Collapse ASCII whitespace and trim it; U+00A0 (from &nbsp;) is kept inside the text."""
    return SPACES.sub(" ", s).strip(" ")


def now():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class TVSeoulSpider(scrapy.Spider):
    name = "tvseoul"
    allowed_domains = ["tvseoul.kr"]
    custom_settings = {
        "ROBOTSTXT_OBEY": True,
        "CONCURRENT_REQUESTS": 32,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "USER_AGENT": "scrapy-bench (+http://127.0.0.1/)",
        "DEPTH_LIMIT": 0,
        "FEED_EXPORT_ENCODING": "utf-8",
    }

    async def start(self):
        yield scrapy.Request(f"{BASE}/", callback=self.parse_home)

    # -- links: the page kinds gleaner's parser follows, normalised the way its frontier does

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each page links ~130 others; yielding only unseen URLs spares Scrapy's scheduler the
        # duplicates (its dupefilter would drop them, at three times the spider's CPU).
        self.seen = set()

    def follow_links(self, response):
        for href in response.xpath("//a/@href").getall():
            url = self.normalise(response.urljoin(href.strip()))
            if url is None or url in self.seen:
                continue
            self.seen.add(url)
            if "/news/article.html" in url:
                yield scrapy.Request(url, callback=self.parse_article)
            else:
                yield scrapy.Request(url, callback=self.parse_list)

    @staticmethod
    def normalise(url):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.hostname not in HOSTS:
            return None
        q = parse_qs(parts.query)
        if parts.path == "/news/article.html":
            no = q.get("no", [""])[0]
            return f"{BASE}/news/article.html?no={no}" if no.isdigit() else None
        if parts.path == "/news/section_list_all.html":
            sec = q.get("sec_no", [""])[0]
            if not sec.isdigit():
                return None
            page = q.get("page", [""])[0]
            return f"{BASE}/news/section_list_all.html?sec_no={sec}" + (f"&page={page}" if page.isdigit() else "")
        return None

    # -- page kinds

    def parse_home(self, response):
        yield from self.weather(response)
        yield from self.follow_links(response)

    def parse_list(self, response):
        yield from self.follow_links(response)

    def parse_article(self, response):
        url = response.xpath("//link[@rel='canonical']/@href").get() or response.url
        no = parse_qs(urlsplit(url).query).get("no", [""])[0]
        title = clean(response.xpath("string(//h2[@class='subject'])").get())
        subtitle = response.xpath("//h3[@class='sub_subject']")
        registered = response.xpath("//ul[@class='art_info']/li[starts-with(normalize-space(.), '등록')]/text()").get() or ""
        m = DATE_RE.search(registered)
        published = f"{m[1]}-{m[2]}-{m[3]}T{m[4]}:{m[5]}:{m[6]}+09:00" if m else None
        body = []
        for p in response.xpath("//div[@id='news_body_area']/p"):
            text = clean(p.xpath("string(.)").get())
            if text.strip(" \u00a0"):
                body.append(text)
        byline = BYLINE_RE.match(body[0]) if body else None
        images = [response.urljoin(src) for src in response.xpath("//div[@id='news_body_area']//img/@src").getall()]
        if not title or not no:
            self.logger.warning("rejected article without title or no: %s", response.url)
        else:
            yield {
                "type": "article", "site": "tvseoul", "id": no, "revision": 1, "url": url,
                "fetched_at": now(),
                "section": clean(response.xpath("string(//div[@class='sec_tit'])").get()) or None,
                "title": title,
                "subtitle": clean(subtitle.xpath("string(.)").get()) if subtitle else None,
                "authors": [byline[1]] if byline else [],
                "published_at": published,
                "body": body,
                "images": images,
            }
        yield from self.follow_links(response)

    def weather(self, response):
        d = response.xpath("//p[@class='today']/span[@class='date']/text()").get("").strip()
        date = d.replace(".", "-")
        provider = clean(response.xpath("string(//span[@class='w_copy'])").get()).removesuffix(" 제공") or None
        for li in response.xpath("//ul[@id='weatherRoll']/li"):
            condition = li.xpath("span[contains(concat(' ', @class, ' '), ' w_ico ')]/@title").get("").strip()
            location = clean(li.xpath("string(span[@class='w_area'])").get())
            temp = re.search(r"-?\d+(?:\.\d+)?", li.xpath("string(span[@class='w_temp'])").get())
            yield {
                "type": "weather", "site": "tvseoul", "id": f"{date}/{location}", "revision": 1,
                "url": response.url, "fetched_at": now(),
                "date": date, "location": location, "condition": condition,
                "condition_code": CONDITION_CODES.get(condition),
                "temperature_c": float(temp[0]) if temp else None, "provider": provider,
            }
