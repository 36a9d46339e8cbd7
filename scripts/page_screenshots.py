"""Screenshots of the page in English and Arabic, for the README (docs/page-en.png, docs/page-ar.png).

Starts ``amnestyrules serve`` on a free local port, imports examples/stacked-terrorism-and-weapons.yaml
with one fact left unknown, evaluates, and photographs the page in headless Chromium (Debian's
package, /usr/bin/chromium). Run: python scripts/page_screenshots.py [OUTDIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from web_support import browser, running_server  # noqa: E402

EXAMPLE = ROOT / "examples" / "stacked-terrorism-and-weapons.yaml"


def main(outdir: Path) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    with running_server() as base, browser() as chromium:
        page = chromium.new_page(viewport={"width": 1440, "height": 1000})
        page.goto(base + "/")
        page.set_input_files("#f-import_file", str(EXAMPLE))
        page.click("button[value=import]")
        page.wait_for_selector("table.matrix")
        page.screenshot(path=str(outdir / "page-en.png"))
        page.click("#f-language")
        page.wait_for_selector("html[dir=rtl] table.matrix")
        page.screenshot(path=str(outdir / "page-ar.png"))
        page.close()
    print(f"wrote {outdir / 'page-en.png'} and {outdir / 'page-ar.png'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs")
