"""The in-plugin user guide: ``docs/user-guide.md`` rendered to ``help/user-guide.html``.

Run it after editing the guide (``tests/plugin/test_package_zip.py`` fails while the two differ). It reads
the plain subset of Markdown the guide uses: ``#`` headings, paragraphs, ``-`` and ``1.`` lists, images on
their own line, ``**bold**``, ``*italic*``, `` `code` `` and ``[links](url)``. Images point at ``docs/``,
which the package ships with the screenshots.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "docs" / "user-guide.md"
TARGET = ROOT / "help" / "user-guide.html"

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: sans-serif; max-width: 52em; margin: 2em auto; padding: 0 1em; line-height: 1.5; }}
img {{ max-width: 100%; border: 1px solid #ccc; }}
code {{ background: #f2f2f2; padding: 0 .2em; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)$")
LIST_ITEM = re.compile(r"(-|\d+\.) (.*)")


def inline(text: str) -> str:
    """Escaped text with code, bold, italic and links."""
    out = []
    for part in re.split(r"(`[^`]+`)", text):
        if part.startswith("`") and part.endswith("`") and len(part) > 1:
            out.append(f"<code>{html.escape(part[1:-1])}</code>")
            continue
        marked = html.escape(part, quote=False)
        marked = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", marked)
        marked = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", marked)
        out.append(re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", r'<a href="\2">\1</a>', marked))
    return "".join(out)


def render(markdown: str) -> str:
    """The guide as one HTML page."""
    blocks = re.split(r"\n\s*\n", markdown.strip())
    body = []
    title = "constellr user guide"
    for block in blocks:
        lines = [line.rstrip() for line in block.splitlines()]
        heading = re.match(r"(#{1,4}) (.*)", lines[0])
        if heading and len(lines) == 1:
            level = len(heading.group(1))
            title = heading.group(2) if level == 1 else title
            body.append(f"<h{level}>{inline(heading.group(2))}</h{level}>")
        elif IMAGE.match(lines[0]) and len(lines) == 1:
            alt, src = IMAGE.match(lines[0]).groups()
            body.append(f'<p><img src="../docs/{html.escape(src)}" alt="{html.escape(alt)}"></p>')
        elif LIST_ITEM.match(lines[0]):
            tag = "ul" if lines[0].startswith("-") else "ol"
            items: list[str] = []
            for line in lines:
                item = LIST_ITEM.match(line)
                if item:
                    items.append(item.group(2))
                else:
                    items[-1] += " " + line.strip()
            entries = "\n".join(f"<li>{inline(item)}</li>" for item in items)
            body.append(f"<{tag}>\n{entries}\n</{tag}>")
        else:
            body.append(f"<p>{inline(' '.join(line.strip() for line in lines))}</p>")
    return PAGE.format(title=html.escape(title), body="\n".join(body))


if __name__ == "__main__":
    TARGET.write_text(render(SOURCE.read_text(encoding="utf-8")), encoding="utf-8")
    sys.stdout.write(f"{TARGET.relative_to(ROOT)}\n")
