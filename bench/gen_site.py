#!/usr/bin/env python3
"""Generate a deterministic synthetic TV서울 site for the benchmark, plus its ground truth.

The pages are built from the TV서울 parser's fixture pages (Parsers/tvseoul/fixtures/):
the same <head>, header, menus, weather widget, sidebar, footer and scripts, with generated
articles, section lists and home page content. Same seed and size give byte-identical output.

Layout of OUT (served by nginx, see bench/nginx.conf.in):
  site/index.html            /
  site/robots.txt            /robots.txt
  site/a/<no>.html           /news/article.html?no=<no>
  site/s/<sec>_<page>.html   /news/section_list_all.html?sec_no=<sec>[&page=<page>]
  site/all/<page>.html       /news/article_list_all.html[?page=<page>]
  truth/article.jsonl        one gleaner article record per article (envelope minus fetched_at/revision)
  truth/weather.jsonl        the 16 weather records of the home page
  urls.txt                   every URL a full crawl fetches (real URLs), for the transfer floor
  manifest.json              parameters and counts

Standard library only: it runs before the benchmark's virtual environment exists.
"""

import argparse
import datetime as dt
import hashlib
import html
import json
import os
import random
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATES = os.path.join(HERE, "..", "Parsers", "tvseoul", "fixtures")
BASE = "http://www.tvseoul.kr"
SITE = "tvseoul"
KST = dt.timezone(dt.timedelta(hours=9))

SECTIONS = [  # code, name, subsections (code, name), weight
    (10, "종합", [], 2),
    (11, "정치", [(1101, "국회"), (1102, "서울시의회"), (1103, "구의회"), (1104, "정당")], 4),
    (12, "경제", [(1201, "경제일반"), (1202, "산업"), (1203, "부동산"), (1204, "소상공인")], 3),
    (13, "사회", [(1301, "사회일반"), (1302, "사건·사고"), (1303, "환경"), (1304, "복지")], 4),
    (14, "지역", [(1401, "영등포"), (1402, "구로"), (1403, "금천"), (1404, "양천"), (1405, "강서"),
                  (1406, "동작"), (1407, "관악"), (1408, "마포")], 5),
    (15, "문화", [(1501, "문화일반"), (1502, "공연·전시"), (1503, "여행"), (1504, "생활")], 2),
    (16, "교육", [(1601, "교육일반"), (1602, "학교"), (1603, "대학")], 2),
    (17, "오피니언", [(1701, "사설"), (1702, "칼럼"), (1703, "기고"), (1704, "인터뷰")], 1),
]
SECTION_NAME = {c: n for c, n, _, _ in SECTIONS}
for _c, _n, _subs, _w in SECTIONS:
    for _sc, _sn in _subs:
        SECTION_NAME[_sc] = _sn
PER_PAGE = 15        # section lists, as the replica
PER_PAGE_ALL = 20    # 전체기사 list

REPORTERS = ["이천용", "곽재근", "나재희", "김정민", "박용수", "이영희", "정민호", "최서연", "한지훈",
             "오세진", "윤다은", "장현우", "신미경", "배준호", "임채원", "송가람"]
SUBJECTS = ["영등포구", "구로구", "금천구", "양천구", "강서구", "동작구", "관악구", "마포구", "서울시",
            "서울시의회", "서울시교육청", "영등포구의회", "구로구의회", "금천구의회", "양천구의회",
            "강서구의회", "동작구의회", "관악구의회", "영등포경찰서", "영등포문화재단", "구로구립도서관",
            "서울시 자치경찰위원회", "서울시의회 교육위원회", "서울시의회 보건복지위원회"]
TOPICS = ["어르신 행복센터", "청년 1인가구 지원 조례", "무더위쉼터", "전통시장 온누리상품권", "늘봄학교",
          "빗물펌프장", "공공의료", "스쿨존 안전시설", "마을도서관", "소상공인 경영안정자금", "노후 경로당",
          "반지하 주택", "공영주차장", "자전거도로", "공원 야간개장", "여름방학 독서교실", "일자리 박람회",
          "탄소중립 실천", "어린이집 급식", "보행환경", "신림선 역세권 상권", "안심귀가 서비스",
          "문래 예술의 밤", "도림천 산책로", "AI 교육 프로그램", "고독사 예방", "민원 처리", "재난안전 대책"]
VERBS = ["확대 추진", "운영 시작", "현장점검 나서", "예산 {n}억원 확보", "조례안 대표발의", "개관식 개최",
         "참가자 모집", "지원 대상 확대", "개선 착공", "업무협약 체결", "정책 토론회 개최", "주민설명회 열어",
         "{n}곳 운영", "성과 공유회 개최", "문 열다", "본격 시행", "실태조사 착수", "만족도 {n}% 기록"]
SUBTITLES = ["“주민 누구나 편하게 찾는 {t} 되길”", "{n}개 동 주민 {m}명 대상…연말까지 운영",
             "'{t}' 예산 {n}억원 투입…\"현장 목소리 반영\"", "구청장 \"{t}, 생활 가까이에서 체감하도록\"",
             "상반기 성과 점검…하반기 {n}개 사업 추가", "{t} 관련 민원 {m}건 접수 & 처리"]
OPINION_TAGS = ["[사설]", "[칼럼]", "[기고]", "[인터뷰]", "[기자수첩]"]
CONDITION_CODES = {  # the tvseoul parser's [tables.condition_code] (Parsers/tvseoul/parser.toml)
    "맑음": "clear", "구름조금": "partly_cloudy", "구름많음": "mostly_cloudy", "흐림": "cloudy",
    "흐리고 비": "rain", "흐리고 눈": "snow", "비": "rain", "약한비": "light_rain", "강한비": "heavy_rain",
    "눈": "snow", "약한눈": "light_snow", "강한눈": "heavy_snow", "비/눈": "rain_snow",
    "비 또는 눈": "rain_snow", "눈/비": "rain_snow", "진눈깨비": "sleet", "소나기": "shower", "빗방울": "drizzle",
    "이슬비": "drizzle", "눈날림": "snow_flurries", "연무": "haze", "안개": "fog", "박무": "mist",
    "황사": "yellow_dust", "천둥번개": "thunderstorm", "뇌우": "thunderstorm", "낙뢰": "lightning",
    "우박": "hail",
}


def read(name):
    with open(os.path.join(TEMPLATES, name), encoding="utf-8") as f:
        return f.read()


def between(s, start, end, from_pos=0):
    """(i, j) such that s[i:j] is the text from `start` (included) to `end` (excluded)."""
    i = s.index(start, from_pos)
    j = s.index(end, i + len(start))
    return i, j


def replace_inner(s, start, end, inner):
    """Replaces what lies between the first `start` and the next `end` (both kept)."""
    i, j = between(s, start, end)
    return s[: i + len(start)] + inner + s[j:]


def esc_text(t):
    return html.escape(t, quote=False)


def esc_title(t):
    # The CMS writes titles with &#039; and &quot;, as the replica's seed article does.
    return html.escape(t, quote=False).replace("'", "&#039;").replace('"', "&quot;")


def esc_attr(t):
    return html.escape(t, quote=True).replace("&#x27;", "&#039;")


# ---------------------------------------------------------------- text pools from the replica


def sentence_pool():
    sentences = []
    for name in ("article_62031.html", "article_64483.html", "article_64466.html",
                 "section_politics_p1.html", "section_politics_p2.html"):
        page = read(name)
        for m in re.finditer(r"<(?:p|dd class=\"lead\")[^>]*>(.*?)</(?:p|dd)>", page, re.S):
            text = html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).replace("\u00a0", " ")
            text = re.sub(r"^\[TV서울=[^\]]*\]\s*", "", text.strip())
            for s in re.split(r"(?<=다\.)\s+", text):
                s = re.sub(r"\s+", " ", s).strip()
                if 20 <= len(s) <= 400 and s.endswith("다.") and "TV서울" not in s:
                    sentences.append(s)
    return sorted(set(sentences))


# ---------------------------------------------------------------- the articles


class Article:
    __slots__ = ("no", "sec", "sub", "title", "subtitle", "reporter", "published", "paragraphs",
                 "html_paragraphs", "image", "target_size")


def make_articles(n, rng, pool):
    weights = [w for _, _, _, w in SECTIONS]
    t = dt.datetime(2023, 1, 2, 8, 0, 0, tzinfo=KST)
    no = 60000
    arts = []
    for i in range(n):
        a = Article()
        no += rng.choice((1, 1, 1, 2, 3))
        t += dt.timedelta(seconds=rng.randint(600, 16000))
        if t.hour >= 22:
            t = (t + dt.timedelta(days=1)).replace(hour=7, minute=rng.randint(0, 59))
        code, name, subs, _ = rng.choices(SECTIONS, weights)[0]
        a.no, a.sec, a.published = no, code, t
        a.sub = rng.choice(subs)[0] if subs else None
        a.reporter = rng.choice(REPORTERS)
        subj, topic = rng.choice(SUBJECTS), rng.choice(TOPICS)
        verb = rng.choice(VERBS).format(n=rng.randint(2, 90))
        form = rng.random()
        if form < 0.15:
            title = f"{subj}, ‘{topic}’ {verb}"
        elif form < 0.22:
            title = f"{subj}, \"{topic}\" {verb}…주민 호응"
        elif form < 0.28:
            title = f"{subj} '{topic}' {verb}"
        else:
            title = f"{subj}, {topic} {verb}"
        if code == 17:
            title = f"{rng.choice(OPINION_TAGS)} {topic}, 이제는 달라져야"
        a.title = title
        a.subtitle = None
        if rng.random() < 0.6:
            a.subtitle = rng.choice(SUBTITLES).format(t=rng.choice(TOPICS), n=rng.randint(2, 40),
                                                      m=rng.randint(30, 900))
        a.image = rng.random() < 0.4
        a.target_size = rng.randint(62_000, 98_000)
        # Body: the byline opens it, then paragraphs of 1-3 sentences until the page is big
        # enough (render() checks the size); spacers and inline markup as the CMS writes them.
        lead = rng.choice(pool)
        if rng.random() < 0.3:
            first_html = f"[TV서울={a.reporter}&nbsp;기자]&nbsp;{esc_text(lead)}"
            first = f"[TV서울={a.reporter}\u00a0기자]\u00a0{lead}"
        else:
            first_html = f"[TV서울={a.reporter} 기자] {esc_text(lead)}"
            first = f"[TV서울={a.reporter} 기자] {lead}"
        a.paragraphs = [first]
        a.html_paragraphs = ["<p>&nbsp;</p>"] if rng.random() < 0.3 else []
        a.html_paragraphs.append(f"<p>{first_html}</p>")
        arts.append(a)
    return arts


def grow_paragraph(a, rng, pool):
    k = rng.choice((1, 2, 2, 3))
    text = " ".join(rng.choice(pool) for _ in range(k))
    a.paragraphs.append(text)
    r = rng.random()
    if r < 0.12:
        body = f"<span style=\"font-size: 12pt;\">{esc_text(text)}</span>"
        a.html_paragraphs.append(f"<p>{body}</p>")
    elif r < 0.22:
        a.html_paragraphs.append(f"<p style=\"text-align: justify;\">{esc_text(text)}</p>")
    elif r < 0.32 and " " in text:
        words = text.split(" ")
        cut = rng.randint(1, len(words) - 1)
        a.html_paragraphs.append(
            f"<p>{esc_text(' '.join(words[:cut]))} <b>{esc_text(' '.join(words[cut:]))}</b></p>")
    else:
        a.html_paragraphs.append(f"<p>{esc_text(text)}</p>")
    if rng.random() < 0.08:
        a.html_paragraphs.append("<p>&nbsp;</p>")


def plain_text(a):
    return " ".join(a.paragraphs).replace("\u00a0", " ")


def lead(a, n):
    return plain_text(a)[:n]


def url_article(no):
    return f"{BASE}/news/article.html?no={no}"


# ---------------------------------------------------------------- shared chrome


class Chrome:
    """Header ticker and sidebar lists, chosen once per page from the generated articles."""

    def __init__(self, arts, by_sec, rng):
        self.arts, self.by_sec, self.rng = arts, by_sec, rng
        self.latest = arts[-5:][::-1]

    def fill(self, page, rng):
        pick = lambda k: rng.sample(self.arts, k)  # noqa: E731
        ticker = "".join(f"\n\t\t\t\t<li><a href=\"/news/article.html?no={a.no}\">{esc_title(a.title)}</a></li>"
                         for a in self.latest) + "\n\t\t\t"
        page = replace_inner(page, '<ul id="tickerRoll">', "</ul>", ticker)
        rank = "".join(f"\n\t\t\t<li><span class=\"num\">{i + 1}</span><a href=\"{url_article(a.no)}\">{esc_title(a.title)}</a></li>"
                       for i, a in enumerate(pick(10))) + "\n\t\t\t"
        page = replace_inner(page, '<ol class="rank_list" id="rank_day">', "</ol>", rank)
        photos = "".join(
            f"\n\t\t\t<li><a href=\"//www.tvseoul.kr/news/article.html?no={a.no}\"><span class=\"thumb\"><img src=\"/data/cheditor4/{a.published:%y%m}/thumb/{a.no}_s.jpg\" alt=\"\" loading=\"lazy\" width=\"140\" height=\"90\"></span><span class=\"tit\">{esc_title(a.title)}</span></a></li>"
            for a in pick(4)) + "\n\t\t\t"
        page = replace_inner(page, '<ul class="photo_list">', "</ul>", photos)
        ops = self.by_sec[17][-5:][::-1] if self.by_sec[17] else pick(5)
        opinion = "".join(
            f"\n\t\t\t\t<li><a href=\"/news/article.html?no={a.no}\">{esc_title(a.title)}</a><span class=\"writer\">{a.reporter}</span></li>"
            for a in ops) + "\n\t\t\t"
        page = replace_inner(page, '<ul class="opinion_list">', "</ul>", opinion)
        vods = "".join(
            f"\n\t\t\t\t<li><a href=\"/news/article.html?no={a.no}\" class=\"vod\"><span class=\"thumb\"><img src=\"data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7\" data-src=\"/data/vod/{a.published:%y%m}/{a.no}.jpg\" class=\"lazy\" alt=\"\"><i class=\"fa fa-play-circle-o\"></i></span><span class=\"tit\">[영상] {esc_title(a.title)}</span></a></li>"
            for a in pick(4)) + "\n\t\t\t"
        page = replace_inner(page, '<ul class="vod_list">', "</ul>", vods)
        return page


def set_head(page, title, canonical, description, og_type="website"):
    head_end = page.index("</head>")
    head, rest = page[:head_end], page[head_end:]
    t = esc_attr(title)
    head = re.sub(r"<title>.*?</title>", lambda m: f"<title>{esc_title(title)}</title>", head)
    head = re.sub(r'(<meta (?:name|property)="(?:og:title|twitter:title)" content=")[^"]*"',
                  lambda m: m.group(1) + t + '"', head)
    head = re.sub(r'(<meta (?:name|property)="(?:description|og:description)" content=")[^"]*"',
                  lambda m: m.group(1) + esc_attr(description) + '"', head)
    head = re.sub(r'(<link rel="canonical" href=")[^"]*"', lambda m: m.group(1) + canonical + '"', head)
    head = re.sub(r'(<meta property="og:url" content=")[^"]*"', lambda m: m.group(1) + canonical + '"', head)
    head = re.sub(r'(<meta property="og:type" content=")[^"]*"', lambda m: m.group(1) + og_type + '"', head)
    return head + rest


def set_contents(page, inner):
    i = page.index('<div id="contents">')
    j = page.index("<!-- 사이드 -->", i)
    return page[:i] + inner + page[j:]


# ---------------------------------------------------------------- article pages


def article_page(tpl, a, chrome, rng, newer, sec_top):
    desc = lead(a, 160)
    page = set_head(tpl, f"{a.title} - TV서울", url_article(a.no), desc, "article")
    img = f"{BASE}/data/cheditor4/{a.published:%y%m}/view_thumbnail/mark_{a.published:%Y%m%d%H%M%S}_{a.no}.jpg"
    iso = a.published.isoformat()
    head_end = page.index("</head>")
    head, rest = page[:head_end], page[head_end:]
    head = re.sub(r'(<meta (?:name|property)="(?:og:image|twitter:image)" content=")[^"]*"',
                  lambda m: m.group(1) + img + '"', head)
    head = re.sub(r'(<meta property="article:section" content=")[^"]*"',
                  lambda m: m.group(1) + SECTION_NAME[a.sec] + '"', head)
    head = re.sub(r'(<meta property="article:published_time" content=")[^"]*"', lambda m: m.group(1) + iso + '"', head)
    head = re.sub(r'(<meta (?:name|property)="(?:author|dable:author)" content=")[^"]*"',
                  lambda m: m.group(1) + a.reporter + ' 기자"', head)
    head = re.sub(r'(<meta property="dable:item_id" content=")[^"]*"', lambda m: m.group(1) + str(a.no) + '"', head)
    ld = json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title, "image": [img],
        "datePublished": iso, "dateModified": iso, "author": {"@type": "Person", "name": f"{a.reporter} 기자"},
        "publisher": {"@type": "Organization", "name": "TV서울",
                      "logo": {"@type": "ImageObject", "url": f"{BASE}/img/logo.png"}},
        "mainEntityOfPage": {"@type": "WebPage", "@id": url_article(a.no)},
    }, ensure_ascii=False, indent=1)
    head = replace_inner(head, '<script type="application/ld+json">', "</script>", "\n" + ld + "\n")
    page = head + rest
    page = chrome.fill(page, rng)

    sub = (f"\n\t\t\t<h3 class=\"sub_subject\">{esc_title(a.subtitle)}</h3>" if a.subtitle else "")
    bottom = "".join(
        f"""
			<dl>
				<dt><a href="/news/article.html?no={b.no}">{esc_title(b.title)}</a></dt>
				<dd><a href="/news/article.html?no={b.no}">{esc_text(lead(b, 600))}</a></dd>
			</dl>""" for b in newer)
    box = sec_top
    body = "\n".join(a.html_paragraphs)
    contents = f"""<div id="contents">
		<div class="sec_tit"><span>{SECTION_NAME[a.sec]}</span></div>

		<!-- 기사 헤더 -->
		<div class="art_top">
			<h2 class="subject">{esc_title(a.title)}</h2>{sub}
			<ul class="art_info">
				<li>등록 {a.published:%Y.%m.%d %H:%M:%S}</li>
			</ul>
			<div class="art_util">
				<button type="button" class="btn_font" onclick="fontSize(1);"><img src="/img/btn_font_plus.png" alt="글자 크게"></button>
				<button type="button" class="btn_font" onclick="fontSize(-1);"><img src="/img/btn_font_minus.png" alt="글자 작게"></button>
				<a href="/news/print.html?no={a.no}" target="_blank" onclick="window.open(this.href,'print','width=760,height=700,scrollbars=yes'); return false;"><img src="/img/btn_print.png" alt="인쇄"></a>
				<a href="#" onclick="snsShare('facebook'); return false;" class="sns fb"><img src="/img/sns_facebook.png" alt="페이스북 공유"></a>
				<a href="#" onclick="snsShare('twitter'); return false;" class="sns tw"><img src="/img/sns_x.png" alt="X 공유"></a>
				<a href="#" onclick="snsShare('kakao'); return false;" class="sns ka"><img src="/img/sns_kakao.png" alt="카카오톡 공유"></a>
				<a href="#" onclick="copyUrl(); return false;" class="sns url"><img src="/img/sns_url.png" alt="URL 복사"></a>
			</div>
		</div>
		<!-- //기사 헤더 -->

		<!-- 기사본문 시작 -->
		<div class="cnt_view news_body_area">
			<div id="news_body_area" class="smartOutput" itemprop="articleBody" style="font-size:17px;">
{body}
			</div>
		</div>
		<!-- 기사본문 끝 -->

		<!-- 기사 하단 광고 -->
		<div class="ad_box art_bottom_ad">
			<ins class="adsbygoogle" style="display:block" data-ad-client="ca-pub-4172938506127734" data-ad-slot="2290514873" data-ad-format="auto" data-full-width-responsive="true"></ins>
			<script>(adsbygoogle = window.adsbygoogle || []).push({{}});</script>
		</div>

		<!-- 하단 최신기사 -->
		<div class="news_bottom_list">
			<h3 class="box_tit"><img src="/img/tit_latest_news.png" alt=""></h3>{bottom}
			<!--
			<dl>
				<dt><a href="/news/article.html?no=60584">[테스트] 기사 미리보기</a></dt>
				<dd><a href="/news/article.html?no=60584">미리보기용 테스트 기사입니다.</a></dd>
			</dl>
			-->
		</div>
		<!-- //하단 최신기사 -->

		<div class="ad_box">
			<iframe src="/banner/banner.php?pos=art_bottom&amp;w=860&amp;h=120" width="860" height="120" frameborder="0" scrolling="no" title="광고"></iframe>
		</div>

		<!-- 섹션박스 -->
		<div class="sec_box_wrap">
			<div class="sec_box">
				<div class="box_tit"><h3>{SECTION_NAME[box.sec]}</h3><a href="/news/section_list_all.html?sec_no={box.sec}" class="more">더보기</a></div>
				<div class="sec_top_news">
					<a href="article.html?no={box.no}&amp;sec={box.sec}"><strong class="tit">{esc_title(box.title)}</strong> <span class="txt">{esc_text(lead(box, 600))}</span></a>
				</div>
			</div>
			<div class="sec_box">
				<div class="box_tit"><h3>{SECTION_NAME[box.sec]}</h3><a href="/news/section_list_all.html?sec_no={box.sec}" class="more">더보기</a></div>
				<ul class="sec_photo" data-sec_no="{box.sec}"></ul>
			</div>
		</div>
		<!-- //섹션박스 -->

	</div>
	<!-- //본문영역 -->

	"""
    page = set_contents(page, contents)
    # The tail scripts carry the article number (art_no, share URLs, hit counter).
    k = page.index("</aside>")
    page = page[:k] + page[k:].replace("62031", str(a.no))
    return page


# ---------------------------------------------------------------- list pages


def paging(kind, sec, page, pages):
    """The CMS's pager: blocks of 10, query-only links for numbers, root-relative for the rest."""
    def q(p):
        return f"?sec_no={sec}&amp;page={p}" if sec is not None else f"?page={p}"

    def root(p):
        path = "/news/section_list_all.html" if kind == "section" else "/news/article_list_all.html"
        return f"{path}{q(p)}"

    start = (page - 1) // 10 * 10 + 1
    parts = []
    if start > 1:
        parts.append(f'<a href="{root(1)}" class="first">맨앞</a>')
        parts.append(f'<a href="{root(start - 1)}" class="prev">이전</a>')
    for p in range(start, min(start + 9, pages) + 1):
        parts.append(f"<strong>{p}</strong>" if p == page else f'<a href="{q(p)}">{p}</a>')
    if start + 10 <= pages:
        parts.append(f'<a href="{root(start + 10)}" class="next">다음</a>')
        parts.append(f'<a href="{root(pages)}" class="last">맨끝</a>')
    return "\n\t\t".join(parts)


def list_item(a, with_thumb):
    thumb = (f'\n\t\t\t\t<a href="article.html?no={a.no}&amp;sec={a.sec}" class="thumb"><img src="/data/cheditor4/{a.published:%y%m}/thumb/{a.no}_s.jpg" alt="{esc_attr(a.title)}" width="160" height="104"></a>'
             if with_thumb else "")
    return f"""
			<li>{thumb}
				<dl>
					<dt><a href="/news/article.html?no={a.no}">{esc_title(a.title)}</a></dt>
					<dd class="lead"><a href="{url_article(a.no)}">{esc_text(lead(a, 150))}</a></dd>
					<dd class="info"><span class="name">{a.reporter} 기자</span> <span class="date">{a.published:%Y.%m.%d %H:%M}</span></dd>
				</dl>
			</li>"""


def list_page(tpl, chrome, rng, kind, sec, page, pages, items):
    if kind == "section":
        name = SECTION_NAME[sec]
        canonical = f"{BASE}/news/section_list_all.html?sec_no={sec}" + (f"&page={page}" if page > 1 else "")
        parent = sec if sec < 100 else sec // 100
        subs = next(s for c, _, s, _ in SECTIONS if c == parent)
    else:
        name = "전체기사"
        canonical = f"{BASE}/news/article_list_all.html" + (f"?page={page}" if page > 1 else "")
        subs = []
    p = set_head(tpl, f"{name} - TV서울", canonical, f"TV서울 {name} 섹션 기사 목록")
    p = chrome.fill(p, rng)
    sub_sec = ""
    if subs:
        sub_sec = "\n\t\t<ul class=\"sub_sec\">" + "".join(
            f"\n\t\t\t<li><a href=\"/news/section_list_all.html?sec_no={c}\">{n}</a></li>" for c, n in subs) + "\n\t\t</ul>"
    lis = "".join(list_item(a, rng.random() < 0.3) for a in items)
    contents = f"""<div id="contents">
		<div class="sec_tit"><span>{name}</span></div>{sub_sec}
		<!-- 기사목록 -->
		<ul class="art_list_all">{lis}
		</ul>
		<!-- //기사목록 -->
		<div class="paging">
		{paging(kind, sec, page, pages)}
		</div>
		<div class="ad_box">
			<iframe src="/banner/banner.php?pos=list_bottom&amp;w=860&amp;h=120" width="860" height="120" frameborder="0" scrolling="no" title="광고"></iframe>
		</div>
	</div>

	"""
    return set_contents(p, contents)


# ---------------------------------------------------------------- home page


def home_page(tpl, chrome, rng, arts, by_sec):
    p = chrome.fill(tpl, rng)
    head, latest = arts[-1], arts[-11:-1][::-1]
    lis = "".join(
        f"\n\t\t\t\t<li><a href=\"/news/article.html?no={a.no}\">{esc_title(a.title)}</a><span class=\"info\">{a.reporter} 기자&nbsp;|&nbsp;{a.published:%m.%d %H:%M}</span></li>"
        for a in latest)
    boxes = []
    for code in (11, 12, 13, 14, 15, 16, 10):
        top = by_sec[code][-6:][::-1]
        items = []
        for i, a in enumerate(top):
            if i == 0:
                items.append(f"\n\t\t\t\t\t<li class=\"first\"><a href=\"/news/article.html?no={a.no}\"><strong>{esc_title(a.title)}</strong><p>{esc_text(lead(a, 80))}</p></a></li>")
            else:
                items.append(f"\n\t\t\t\t\t<li><a href=\"/news/article.html?no={a.no}\">{esc_title(a.title)}</a></li>")
        name = SECTION_NAME[code]
        boxes.append(f"""
			<div class="main_sec_box">
				<div class="box_tit"><h3><a href="/news/section_list_all.html?sec_no={code}">{name}</a></h3><a href="/news/section_list_all.html?sec_no={code}" class="more">더보기 <i class="fa fa-plus"></i></a></div>
				<ul>{''.join(items)}
				</ul>
			</div>""")
    contents = f"""<div id="contents">
		<!-- 메인 헤드라인 -->
		<div class="main_top">
			<div class="head_news">
				<a href="/news/article.html?no={head.no}" class="thumb"><img src="/data/cheditor4/{head.published:%y%m}/thumb/{head.no}_l.jpg" alt="{esc_attr(head.title)}" width="560" height="364"></a>
				<div class="txt">
					<h2><a href="/news/article.html?no={head.no}">{esc_title(head.title)}</a></h2>
					<p class="lead"><a href="/news/article.html?no={head.no}">{esc_text(lead(head, 200))}</a></p>
				</div>
			</div>
			<div class="latest_news">
				<h3 class="box_tit">최신뉴스</h3>
				<ul>{lis}
				</ul>
				<a href="/news/article_list_all.html" class="more">전체기사 보기</a>
			</div>
		</div>
		<!-- //메인 헤드라인 -->

		<div class="ad_box">
			<iframe src="/banner/banner.php?pos=main_mid&amp;w=860&amp;h=120" width="860" height="120" frameborder="0" scrolling="no" title="광고"></iframe>
		</div>

		<!-- 섹션별 기사 -->
		<div class="main_sec_wrap">{''.join(boxes)}
		</div>
		<!-- //섹션별 기사 -->
	</div>

	"""
    return set_contents(p, contents)


# ---------------------------------------------------------------- ground truth


def weather_truth(home):
    date = re.search(r'<span class="date">(\d{4})\.(\d{2})\.(\d{2})</span>', home)
    day = f"{date.group(1)}-{date.group(2)}-{date.group(3)}"
    provider = re.search(r'<span class="w_copy">([^<]*)</span>', home).group(1).replace(" 제공", "")
    out = []
    for m in re.finditer(r'<li><span class="w_ico \w+" title="([^"]*)">.*?<span class="w_area">([^<]*)</span> '
                         r'<span class="w_temp">([-\d.]+)℃</span></li>', home):
        cond, loc, temp = m.group(1), m.group(2), float(m.group(3))
        out.append({"type": "weather", "site": SITE, "id": f"{day}/{loc}", "url": f"{BASE}/",
                    "date": day, "location": loc, "condition": cond,
                    "condition_code": CONDITION_CODES.get(cond), "temperature_c": temp, "provider": provider})
    return out


def article_truth(a):
    return {"type": "article", "site": SITE, "id": str(a.no), "url": url_article(a.no),
            "section": SECTION_NAME[a.sec], "title": a.title, "subtitle": a.subtitle,
            "authors": [a.reporter], "published_at": a.published.isoformat(), "body": a.paragraphs,
            "images": []}


# ---------------------------------------------------------------- main


def generator_digest():
    h = hashlib.sha256()
    h.update(open(__file__, "rb").read())
    for name in sorted(os.listdir(TEMPLATES)):
        h.update(name.encode())
        h.update(open(os.path.join(TEMPLATES, name), "rb").read())
    return h.hexdigest()[:16]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=20250702)
    ap.add_argument("--out", required=True)
    ap.add_argument("--force", action="store_true", help="regenerate even when the cache matches")
    args = ap.parse_args()

    params = {"articles": args.articles, "seed": args.seed, "generator": generator_digest()}
    manifest_path = os.path.join(args.out, "manifest.json")
    if not args.force and os.path.exists(manifest_path):
        with open(manifest_path) as f:
            old = json.load(f)
        if old.get("params") == params:
            print(f"site cached in {args.out} ({old['pages']} pages)", file=sys.stderr)
            return

    rng = random.Random(args.seed)
    pool = sentence_pool()
    arts = make_articles(args.articles, rng, pool)
    by_sec = {c: [] for c in SECTION_NAME}
    for a in arts:
        by_sec[a.sec].append(a)
        if a.sub:
            by_sec[a.sub].append(a)

    # Bodies first (teasers on other pages quote their leads), grown against a page of the
    # article's own chrome until it reaches its target size.
    tpl_article, tpl_list, tpl_home = read("article_62031.html"), read("section_politics_p1.html"), read("index.html")
    chrome = Chrome(arts, by_sec, rng)
    chrome_size = len(article_page(tpl_article, arts[0], chrome, random.Random(0), arts[1:3], arts[3]).encode())
    base_body = len("\n".join(arts[0].html_paragraphs).encode())
    for a in arts:
        budget = a.target_size - (chrome_size - base_body) - 2 * 1800 - 1800
        while len("\n".join(a.html_paragraphs).encode()) < budget or len(a.paragraphs) < 4:
            grow_paragraph(a, rng, pool)

    site = os.path.join(args.out, "site")
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    for d in ("a", "s", "all"):
        os.makedirs(os.path.join(site, d))
    os.makedirs(os.path.join(args.out, "truth"))

    def write(rel, text):
        with open(os.path.join(site, rel), "w", encoding="utf-8") as f:
            f.write(text)

    urls = [f"{BASE}/robots.txt", f"{BASE}/"]
    sizes = []
    index_of = {a.no: i for i, a in enumerate(arts)}
    for i, a in enumerate(arts):
        newer = [arts[(i + 1) % len(arts)], arts[(i + 2) % len(arts)]]
        peers = by_sec[11] if by_sec[11] else arts
        box = peers[rng.randrange(len(peers))]
        page = article_page(tpl_article, a, chrome, rng, newer, box)
        sizes.append(len(page.encode()))
        write(f"a/{a.no}.html", page)
        urls.append(url_article(a.no))
    del index_of

    list_pages = 0
    for code in sorted(SECTION_NAME):
        items = by_sec[code][::-1]
        pages = max(1, -(-len(items) // PER_PAGE))
        urls.append(f"{BASE}/news/section_list_all.html?sec_no={code}")
        for p in range(1, pages + 1):
            if p > 1 or pages > 1:  # `&page=1` is linked only from the pager of a longer list
                urls.append(f"{BASE}/news/section_list_all.html?sec_no={code}&page={p}")
            write(f"s/{code}_{p}.html",
                  list_page(tpl_list, chrome, rng, "section", code, p, pages, items[(p - 1) * PER_PAGE: p * PER_PAGE]))
            list_pages += 1
    items = arts[::-1]
    pages_all = -(-len(items) // PER_PAGE_ALL)
    for p in range(1, pages_all + 1):
        write(f"all/{p}.html",
              list_page(tpl_list, chrome, rng, "all", None, p, pages_all, items[(p - 1) * PER_PAGE_ALL: p * PER_PAGE_ALL]))

    home = home_page(tpl_home, chrome, rng, arts, by_sec)
    write("index.html", home)
    shutil.copy(os.path.join(TEMPLATES, "robots.txt"), os.path.join(site, "robots.txt"))

    with open(os.path.join(args.out, "truth", "article.jsonl"), "w", encoding="utf-8") as f:
        for a in arts:
            f.write(json.dumps(article_truth(a), ensure_ascii=False) + "\n")
    weather = weather_truth(home)
    with open(os.path.join(args.out, "truth", "weather.jsonl"), "w", encoding="utf-8") as f:
        for w in weather:
            f.write(json.dumps(w, ensure_ascii=False) + "\n")
    with open(os.path.join(args.out, "urls.txt"), "w") as f:
        f.write("\n".join(urls) + "\n")

    sizes.sort()
    manifest = {
        "params": params, "pages": len(urls) - 1, "articles": len(arts), "section_list_pages": list_pages,
        "all_list_pages": pages_all, "weather": len(weather),
        "article_bytes": {"min": sizes[0], "median": sizes[len(sizes) // 2], "max": sizes[-1]},
    }
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=1)
    print(json.dumps(manifest), file=sys.stderr)


if __name__ == "__main__":
    main()
