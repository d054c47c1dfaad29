// The Crawl stage; see docs/ and DESIGN in README.
