#!/usr/bin/env python3
"""Serve the bundled TV서울 replica (Parsers/tvseoul/fixtures/) at the real site's paths on 127.0.0.1.

    scripts/demo-server.py [--port 8089] [--root Parsers/tvseoul/fixtures] [--port-file FILE]

--port 0 picks a free port; --port-file writes the port in use (for scripts).

gleaner reaches it through a connect-to override (Config/demo.toml), so URLs and Host headers
stay http://www.tvseoul.kr/... . Pages answer with ETag and Last-Modified and honour
If-None-Match / If-Modified-Since with 304, like the real site's web server. Pages the replica
does not have answer 404. Each request is logged on stderr.

/sitemap.xml and /rss/allArticle.xml (the two documents the replica's robots.txt announces) are
made from the replica's article pages: a sitemap with each article's lastmod and an RSS 2.0 feed,
both dated by the files' modification times.
"""
import argparse
import email.utils
import hashlib
import os
import re
import sys
from datetime import datetime, timezone
from xml.sax.saxutils import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


def fixture_for(path, query):
    """The fixture file standing for a URL of the real site, or None."""
    q = {k: v[0] for k, v in parse_qs(query).items()}
    if path in ("/", "/index.html"):
        return "index.html"
    if path == "/robots.txt":
        return "robots.txt"
    if path == "/news/article.html" and q.get("no", "").isdigit():
        return f"article_{q['no']}.html"
    if path == "/news/section_list_all.html" and q.get("sec_no") == "11":
        return f"section_politics_p{q.get('page', '1')}.html"
    return None


def articles(root):
    """(no, title, mtime) of every article page of the replica, newest number first."""
    out = []
    for name in os.listdir(root):
        m = re.fullmatch(r"article_(\d+)\.html", name)
        if not m:
            continue
        path = os.path.join(root, name)
        with open(path, "rb") as f:
            head = f.read(65536).decode("utf-8", "replace")
        t = re.search(r"<title>(.*?)</title>", head, re.S)
        out.append((int(m.group(1)), (t.group(1).strip() if t else name), os.path.getmtime(path)))
    return sorted(out, reverse=True)


def generated(root, path):
    """The sitemap or feed made from the article list, or None for other paths."""
    url = "http://www.tvseoul.kr/news/article.html?no=%d"
    items = articles(root)
    if path == "/sitemap.xml":
        rows = "".join(
            "<url><loc>%s</loc><lastmod>%s</lastmod></url>\n"
            % (escape(url % no), datetime.fromtimestamp(mtime, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
            for no, _, mtime in items)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n%s</urlset>\n' % rows).encode()
    if path == "/rss/allArticle.xml":
        rows = "".join(
            "<item><title>%s</title><link>%s</link><pubDate>%s</pubDate></item>\n"
            % (escape(title), escape(url % no), email.utils.formatdate(mtime, usegmt=True))
            for no, title, mtime in items)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                "<title>TV서울 (replica)</title><link>http://www.tvseoul.kr/</link>\n%s</channel></rss>\n" % rows).encode()
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "tvseoul-replica"

    def do_GET(self):
        parts = urlsplit(self.path)
        feed = generated(self.server.root, parts.path)
        if feed is not None:
            return self.conditional(feed, "application/xml", email.utils.formatdate(usegmt=True))
        name = fixture_for(parts.path, parts.query)
        file = os.path.join(self.server.root, name) if name else None
        if not file or not os.path.isfile(file):
            return self.send(404, b"not in the replica\n", "text/plain; charset=utf-8")
        with open(file, "rb") as f:
            body = f.read()
        modified = email.utils.formatdate(os.path.getmtime(file), usegmt=True)
        ctype = "text/plain; charset=utf-8" if name.endswith(".txt") else "text/html; charset=utf-8"
        self.conditional(body, ctype, modified)

    def conditional(self, body, ctype, modified):
        """200 with ETag and Last-Modified, or 304 when the request's validators still match."""
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        headers = {"ETag": etag, "Last-Modified": modified}
        if self.headers.get("If-None-Match") == etag or (
            self.headers.get("If-None-Match") is None and self.headers.get("If-Modified-Since") == modified
        ):
            return self.send(304, b"", None, headers)
        self.send(200, body, ctype, headers)

    def send(self, status, body, ctype, headers=None):
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        sys.stderr.write("demo-server: %s\n" % (fmt % args))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=8089)
    ap.add_argument("--root", default=os.path.join(here, "..", "Parsers", "tvseoul", "fixtures"))
    ap.add_argument("--quiet", action="store_true", help="do not log requests")
    ap.add_argument("--port-file", help="write the port in use to this file once listening")
    args = ap.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.root = os.path.abspath(args.root)
    if args.quiet:
        Handler.log_message = lambda *a: None
    port = server.server_address[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(f"{port}\n")
        os.rename(args.port_file + ".tmp", args.port_file)
    print(f"serving {server.root} as http://www.tvseoul.kr/ on 127.0.0.1:{port}", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
