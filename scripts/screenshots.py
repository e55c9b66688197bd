"""Screenshots of the reading edition at a phone's, a large phone's and a desktop's width, for people to look at.

Writes ``docs/screenshots/<page>-<width>.png``, one file per page and width, the names fixed by ``PAGES``
and ``WIDTHS`` (the README shows the phone's). Each is the first screen a reader sees at that width,
drawn by the system Chromium (driven by Playwright) from the app under uvicorn on a free local port,
or from a running server (``--base``). ``--check`` verifies that every file is there and is a PNG of
its width; it does not compare pixels, which depend on the machine's fonts.

    python scripts/screenshots.py            # write docs/screenshots/
    python scripts/screenshots.py --check    # every file present, a PNG of the right width
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["OUT", "PAGES", "WIDTHS", "expected", "main", "png_size", "shoot"]

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PAGES: dict[str, str] = {
    "home": "/",
    "document": "/v1/documents/guofa-2015-40#A08",
    "task": "/v1/tasks/A08.1",
    "agency": "/v1/agencies/aqsiq",
    "matrix": "/matrix#by-agency",
    "errata": "/v1/errata",
    "search": "/search?q=%E5%B8%82%E5%9C%BA%E7%9B%91%E7%AE%A1%E6%80%BB%E5%B1%80",  # 市场监管总局
}
WIDTHS: dict[int, int] = {320: 640, 390: 844, 1280: 800}
"""Width -> height of the screen: the WCAG reflow width, a common phone, a desktop."""
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def expected(out: Path = OUT, pages: Mapping[str, str] = PAGES) -> list[Path]:
    return [out / f"{name}-{width}.png" for name in pages for width in WIDTHS]


def png_size(path: Path) -> tuple[int, int] | None:
    """A PNG's width and height from its header; None for anything else."""
    head = path.read_bytes()[:24]
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def _small(png: bytes) -> bytes:
    """The screenshot in 64 colours without dithering: text stays crisp at a third of the bytes."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    small = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, "PNG", optimize=True)
    return out.getvalue()


def shoot(browser: Any, base: str, out: Path, pages: Mapping[str, str] = PAGES) -> list[Path]:
    """Each page at each width into ``out`` with ``browser`` (a Playwright Browser); the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for width, height in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
        try:
            page = context.new_page()
            for name, path in pages.items():
                page.goto(base + path)
                page.wait_for_load_state("load")
                target = out / f"{name}-{width}.png"
                target.write_bytes(_small(page.screenshot(animations="disabled", caret="hide")))
                written.append(target)
        finally:
            context.close()
    return written


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextmanager
def _server() -> Iterator[str]:
    """The app under uvicorn on a free port until the block ends."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "uvicorn", "--factory", "internet_plus_api.app:create_app"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--no-access-log"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"the app did not start: {process.stderr.read().decode() if process.stderr else ''}")
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("the app did not answer /healthz within 60 s") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def _check(out: Path) -> int:
    wrong = []
    for path in expected(out):
        size = png_size(path) if path.is_file() else None
        width = int(path.stem.rsplit("-", 1)[1])
        if size is None or size[0] != width:
            wrong.append(
                f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
                + ("missing or not a PNG" if size is None else f"{size[0]} px wide, not {width}")
            )
    extra = sorted(set(out.glob("*.png")) - set(expected(out))) if out.is_dir() else []
    wrong += [f"{p.name}: not one of the screenshots (remove it)" for p in extra]
    for line in wrong:
        print(line, file=sys.stderr)
    return 1 if wrong else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="verify the files instead of writing them")
    parser.add_argument("--base", help="take the pages from this running server (default: start the app)")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write (default: docs/screenshots/)")
    args = parser.parse_args(argv)
    if args.check:
        return _check(args.out)
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("screenshots need Chromium: apt-get install chromium, or set CHROMIUM", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        try:
            if args.base:
                written = shoot(browser, args.base.rstrip("/"), args.out)
            else:
                with _server() as base:
                    written = shoot(browser, base, args.out)
        finally:
            browser.close()
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return _check(args.out)


if __name__ == "__main__":
    raise SystemExit(main())
