"""Right-to-left titles that carry a German name: the German part is isolated (lang="de",
dir="ltr"), so a line break keeps its brackets and words in German order."""

from __future__ import annotations

import pytest

from conftest import soup

OFFER = "angebote/jobcenter-enzkreis/"

# Each character of the heading with its box: (character, left, right, top).
CHARACTERS = """(h1) => {
  const out = [];
  const walker = document.createTreeWalker(h1, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      if (box.width) out.push([node.data[i], box.left, box.right, Math.round(box.top)]);
    }
  }
  return out;
}"""


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ar", "fa", "ps"])
def test_german_name_in_a_right_to_left_title_is_isolated(built_shipped, lang):
    h1 = soup(built_shipped / lang / OFFER / "index.html").find("h1")
    german = h1.find("span", attrs={"lang": "de", "dir": "ltr"})
    assert german is not None and german.get_text() == "(Jobcenter Enzkreis)"


@pytest.mark.slow
@pytest.mark.browser
def test_a_line_break_keeps_the_german_name_in_order(new_context, shipped_origin):
    page = new_context().new_page()
    page.goto(f"{shipped_origin}/ar/{OFFER}")
    h1 = page.locator("h1")
    # narrow enough that the name breaks between "Jobcenter" and "Enzkreis"
    h1.evaluate("h1 => { h1.style.width = '7.5em'; }")
    chars = h1.evaluate(CHARACTERS)
    text = "".join(c[0] for c in chars)
    opening, closing = text.index("("), text.index(")")
    j, s = text.index("J"), text.rindex("s")
    assert chars[j][3] != chars[s][3]  # the name is broken over two lines
    # "(" stands left of "Jobcenter" on its line, ")" right of "Enzkreis" on its line
    assert chars[opening][3] == chars[j][3] and chars[opening][2] <= chars[j][1] + 1
    assert chars[closing][3] == chars[s][3] and chars[closing][1] >= chars[s][2] - 1
