#!/usr/bin/env python3
"""make check-readme: run the README's examples marked runnable, as written.

A fenced block right after a line `<!-- runnable -->` is run with the freshly built gleaner
(.build/debug, or $GLEANER_BIN) first on PATH, in a scratch folder holding a link to Parsers/,
while the bundled replica of TV서울 (scripts/demo-server.py) serves on 127.0.0.1:8089:

- ```sh blocks: every command must exit 0.
- ```console blocks: each `$ command` is run and its stdout compared with the lines after it;
  `…` inside a line matches any text, and a line that is only `…` matches any number of lines.
  `$ echo $?` reports the status of the command before it.

When port 8089 is taken, the replica takes a free port and `127.0.0.1:8089` in the commands is
replaced by it. Nothing leaves the machine.
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
MARKER = "<!-- runnable -->"


def blocks(text):
    """(line number, language, lines) of every runnable fenced block."""
    lines = text.split("\n")
    out = []
    i = 0
    while i < len(lines):
        if lines[i].strip() == MARKER and i + 1 < len(lines) and lines[i + 1].startswith("```"):
            lang = lines[i + 1][3:].strip()
            j = i + 2
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            out.append((i + 2, lang, lines[i + 2:j]))
            i = j
        i += 1
    return out


def console_steps(lines):
    """[(command, expected lines)] of a console block."""
    steps = []
    for line in lines:
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps:
            steps[-1][1].append(line)
    return steps


def matches(expected, actual):
    """Whole-output match, `…` a wildcard within a line, a lone `…` any run of lines."""
    if not expected:
        return not actual
    head = expected[0]
    if head.strip() == "…":
        return any(matches(expected[1:], actual[k:]) for k in range(len(actual) + 1))
    if not actual:
        return False
    pattern = "".join(".*" if part == "…" else re.escape(part) for part in re.split("(…)", head))
    return re.fullmatch(pattern, actual[0]) is not None and matches(expected[1:], actual[1:])


def free(port):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def main():
    binary_dir = os.path.dirname(os.path.abspath(os.environ.get("GLEANER_BIN", os.path.join(ROOT, ".build/debug/gleaner"))))
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        found = blocks(f.read())
    if not found:
        sys.exit("check-readme: no block in README.md is marked " + MARKER)
    scratch = tempfile.mkdtemp(prefix="gleaner-readme-")
    os.symlink(os.path.join(ROOT, "Parsers"), os.path.join(scratch, "Parsers"))
    os.symlink(os.path.join(ROOT, "scripts"), os.path.join(scratch, "scripts"))
    port = 8089 if free(8089) else 0
    port_file = os.path.join(scratch, ".port")
    server = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts/demo-server.py"), "--port", str(port),
                               "--port-file", port_file, "--quiet"], stderr=subprocess.DEVNULL)
    env = dict(os.environ, PATH=binary_dir + os.pathsep + os.environ["PATH"], LC_ALL="C.UTF-8")
    failures = 0
    commands = 0
    try:
        for _ in range(100):
            if os.path.exists(port_file):
                break
            time.sleep(0.05)
        with open(port_file) as f:
            port = int(f.read())
        for line, lang, body in found:
            steps = console_steps(body) if lang == "console" else [(c, None) for c in body if c.strip() and not c.lstrip().startswith("#")]
            status = 0
            for command, expected in steps:
                run = command.replace("127.0.0.1:8089", f"127.0.0.1:{port}")
                p = subprocess.run(["bash", "-c", f"(exit {status}); {run}"], cwd=scratch, env=env,
                                   capture_output=True, text=True, timeout=60)
                commands += 1
                status = p.returncode
                actual = p.stdout.split("\n")
                if actual and actual[-1] == "":
                    actual.pop()
                bad = None
                if expected is None and status != 0:
                    bad = f"exit status {status}"
                elif expected is not None and not matches(expected, actual):
                    bad = "output differs:\n  expected:\n" + "\n".join("    " + e for e in expected) + \
                          "\n  got:\n" + "\n".join("    " + a for a in actual)
                if bad:
                    failures += 1
                    print(f"README.md:{line}: $ {command}\n  {bad}\n  stderr: {p.stderr.strip()}")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(scratch, ignore_errors=True)
    if failures:
        sys.exit(f"check-readme: {failures} of {commands} README commands did not run as written")
    print(f"README examples: {commands} commands in {len(found)} blocks ran as written")


if __name__ == "__main__":
    main()
