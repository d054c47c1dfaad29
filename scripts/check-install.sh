#!/usr/bin/env bash
# make check-install: `make install` as a package build does it (DESTDIR) and as an operator does it
# (a PREFIX), both into a temporary folder, then checks what an operator relies on:
#   - every file in place: stripped binary, man page, bash/zsh/fish completions, unit, sysusers
#     file, configuration, parsers, record schemas, docs;
#   - the configuration and unit name the final paths, never the DESTDIR;
#   - the installed binary's `check --config` on the installed configuration prints ok;
#   - outside the repository, `parse` and `check` find the installed parsers;
#   - the installed unit passes `systemd-analyze verify` by path, man page included.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "check-install: $*" >&2; exit 1; }
# GLEANER_BIN=.build/debug/gleaner tries the install steps on a debug build (no release build made).
bin=${GLEANER_BIN:-.build/release/gleaner}
extra=(GLEANER_BIN="$bin")
[ "$bin" = .build/release/gleaner ] || extra+=(-o release)

# --- A package build: DESTDIR staging, final paths under /usr/local. ---
dest=$tmp/dest
make --no-print-directory -s install "${extra[@]}" DESTDIR="$dest" PREFIX=/usr/local > "$tmp/install-destdir.log" 2>&1 ||
  { cat "$tmp/install-destdir.log"; fail "make install DESTDIR=$dest failed"; }
for f in usr/local/bin/gleaner usr/local/share/man/man1/gleaner.1 \
         usr/local/share/bash-completion/completions/gleaner usr/local/share/zsh/site-functions/_gleaner \
         usr/local/share/fish/vendor_completions.d/gleaner.fish \
         usr/local/lib/systemd/system/gleaner.service usr/local/lib/sysusers.d/gleaner.conf \
         etc/gleaner/gleaner.toml usr/local/share/gleaner/parsers/tvseoul/parser.toml \
         usr/local/share/gleaner/schema/article.schema.json usr/local/share/doc/gleaner/operations.md; do
  [ -s "$dest/$f" ] || fail "make install DESTDIR did not install /$f"
done
if readelf -S "$dest/usr/local/bin/gleaner" | grep -q '\.symtab'; then fail "the installed binary is not stripped (it has a .symtab)"; fi
if grep -rl "$dest" "$dest/etc" "$dest/usr/local/lib" > /dev/null; then
  fail "installed files name the DESTDIR: $(grep -rl "$dest" "$dest/etc" "$dest/usr/local/lib")"
fi
grep -q '^ExecStart=/usr/local/bin/gleaner run --config /etc/gleaner/gleaner.toml$' "$dest/usr/local/lib/systemd/system/gleaner.service" ||
  fail "the installed unit's ExecStart does not name /usr/local/bin/gleaner and /etc/gleaner/gleaner.toml"
grep -q '^parser_dirs = \["/usr/local/share/gleaner/parsers", "/etc/gleaner/parsers.d"\]' "$dest/etc/gleaner/gleaner.toml" ||
  fail "the installed configuration's parser_dirs do not name /usr/local/share/gleaner/parsers"
if grep -n '@[A-Z]*DIR@' "$dest/usr/local/lib/systemd/system/gleaner.service" "$dest/usr/local/lib/sysusers.d/gleaner.conf"; then
  fail "placeholders left in the installed unit or sysusers file"
fi
echo "DESTDIR install: $(stat -c %s "$dest/usr/local/bin/gleaner") bytes stripped binary (unstripped $bin: $(stat -c %s "$bin") bytes), man page, completions, unit, config, parsers, schemas"

# --- An operator's install into a prefix: the installed tree works on its own. ---
prefix=$tmp/usr/local
etc=$tmp/etc
make --no-print-directory -s install "${extra[@]}" PREFIX="$prefix" SYSCONFDIR="$etc" > "$tmp/install-prefix.log" 2>&1 ||
  { cat "$tmp/install-prefix.log"; fail "make install PREFIX=$prefix failed"; }
gleaner=$prefix/bin/gleaner
"$gleaner" --version | grep -qx 'gleaner [0-9][0-9.]*' || fail "gleaner --version printed '$("$gleaner" --version)'"

# Outside the repository: no ./Parsers, only the installed tree.
cd "$tmp"
out=$("$gleaner" check --config "$etc/gleaner/gleaner.toml" 2>&1) || { echo "$out"; fail "gleaner check --config on the installed config failed"; }
echo "$out" | grep -q "^ok config $etc/gleaner/gleaner.toml: 2 sources" || { echo "$out"; fail "gleaner check --config did not print ok"; }
echo "installed check --config: $(echo "$out" | tail -1)"
out=$("$gleaner" check 2>&1) || { echo "$out"; fail "gleaner check outside the repository failed"; }
echo "$out" | grep -q "^ok tvseoul ($prefix/share/gleaner/parsers/tvseoul/parser.toml)" || { echo "$out"; fail "gleaner check did not find the installed parsers"; }
records=$("$gleaner" parse --parser tvseoul "$prefix/share/gleaner/parsers/tvseoul/fixtures/article_62031.html" 2> "$tmp/parse.err") ||
  { cat "$tmp/parse.err"; fail "gleaner parse outside the repository failed"; }
[ "$records" = "$(cat "$repo/Parsers/tvseoul/expected/article_62031.jsonl")" ] || fail "gleaner parse with the installed parsers gave other records"
cd "$repo"

# The installed unit, by path, with its binary and man page where it says (docs/operations.md).
unit=$prefix/lib/systemd/system/gleaner.service
err=$(MANPATH="$prefix/share/man" systemd-analyze verify "$unit" 2>&1 >/dev/null) || true
[ -z "$err" ] || { echo "$err"; fail "systemd-analyze verify $unit complained"; }
echo "installed unit: systemd-analyze verify $unit clean (man:gleaner(1) found)"
echo "check-install: ok"
