#!/usr/bin/env python3
"""Writes the variant pages of the TV서울 seed article (article_62031.html).

Each variant changes the markup the way real pages differ from the replica; the TV서울 parser
must read the same article record from all of them (see VariantTests.swift). Run from the
repository root:  python3 Tests/ParseTests/Fixtures/variants/make-variants.py
The outputs are committed; this script documents how they were made.
"""
import re, pathlib

root = pathlib.Path(__file__).resolve().parents[4]
src = (root / "Parsers/tvseoul/fixtures/article_62031.html").read_text(encoding="utf-8")
out = pathlib.Path(__file__).resolve().parent

body_re = re.compile(r'(<div id="news_body_area"[^>]*>)(.*?)(\n\t\t\t</div>)', re.S)
m = body_re.search(src)
paras = re.findall(r'<p[^>]*>(.*?)</p>', m.group(2), re.S)

def with_body(html):
    return src[:m.start(2)] + html + src[m.end(2):]

def write(name, text, encoding="utf-8"):
    (out / name).write_bytes(text.encode(encoding, errors="xmlcharrefreplace"))

# 1. Paragraphs separated by <br> instead of <p>, as older editors write them.
write("br_paragraphs.html", with_body("\n" + "<br />\n<br />\n".join(paras) + "<br>\n"))

# 2. Scripts, ads, a figure with caption, a hidden block, an iframe and a comment in the body.
noise = """
<script type="text/javascript">document.write('<p>광고 <a href="/news/article.html?no=99999">링크</a></p>');</script>
<div class="ad_box"><ins class="adsbygoogle" style="display:block"></ins><p>광고 문의</p></div>
<figure class="photo"><img src="/data/photo/2503/ai_center.jpg" alt="AI 컴퓨팅 센터"><figcaption>▲ AI 컴퓨팅 센터 조감도 (사진=과기정통부)</figcaption></figure>
<style>.smartOutput p{margin:0}</style><noscript><p>자바스크립트를 켜 주세요</p></noscript>
<div style="display: none;"><p>숨겨진 문단</p></div><div hidden><p>숨겨진 문단 2</p></div>
<iframe src="/banner/banner.php?pos=art_in&amp;w=300&amp;h=250"><p>iframe 대체</p></iframe>
<!-- <p>주석 속 문단</p> -->
"""
ps = ["<p>%s</p>" % p for p in paras]
write("noise_in_body.html", with_body("\n" + "\n".join(ps[:4]) + noise + "\n".join(ps[4:]) + "\n"))

# 3. Extra wrapper elements around title, paragraphs and body.
wrapped = src.replace('<h2 class="subject">', '<div class="title_wrap"><h2 class="subject tit_big"><span class="t"><a href="#">')
wrapped = wrapped.replace('국가대표AI에 돌아갈 컴퓨팅 자원 규모는 얼마</h2>', '국가대표AI에 돌아갈 컴퓨팅 자원 규모는 얼마</a></span></h2></div>', 1)
wm = body_re.search(wrapped)
inner = "\n".join('<div class="para"><section><p>%s</p></section></div>' % p for p in paras)
wrapped = wrapped[:wm.start(2)] + '\n<div class="article_txt"><article>' + inner + '</article></div>\n' + wrapped[wm.end(2):]
write("extra_wrappers.html", wrapped)

# 4. &nbsp;, tabs and newlines inside the title and subtitle.
ws = src.replace('<h2 class="subject">국가대표AI에 돌아갈 컴퓨팅 자원 규모는 얼마</h2>',
                 '<h2 class="subject">\n\t\t&nbsp; 국가대표AI에&nbsp;돌아갈\n\t\t컴퓨팅   자원 규모는 얼마&nbsp;\n\t</h2>')
ws = ws.replace('<h3 class="sub_subject">&#039;상위권&#039;', '<h3 class="sub_subject">\n  &nbsp;&#039;상위권&#039;')
write("title_whitespace.html", ws)

# 5. EUC-KR (CP949) with <meta charset="euc-kr">; characters outside CP949 as &#NNNN; like real pages.
write("euckr_meta.html", src.replace('<meta charset="utf-8">', '<meta charset="euc-kr">'), "cp949")

# 6. EUC-KR without any declaration: only the parser's default charset can decode it.
write("euckr_no_meta.html", src.replace('<meta charset="utf-8">\n', ''), "cp949")

# 7. EUC-KR declared by an http-equiv meta placed after the first 1024 bytes (after the inline CSS).
late = src.replace('<meta charset="utf-8">\n', '')
late = late.replace('</style>\n', '</style>\n<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">\n', 1)
assert late.encode("cp949", errors="xmlcharrefreplace").index(b"charset=euc-kr") > 1024
write("meta_after_1024.html", late, "cp949")

# 8. Truncated download: cut inside the teaser list after the article, mid-character.
b = src.encode("utf-8")
cut = b.index("체계적이고".encode("utf-8")) + 4  # inside a 3-byte syllable
(out / "truncated.html").write_bytes(b[:cut])
