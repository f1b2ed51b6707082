"""axe-core in the browser: inject the pinned `axe.min.js`, run the WCAG 2.1 A/AA rules, and
split what it finds into the framework's own known issues and everything else.

`make test` installs axe-core from npm (`package.json` pins it; `make node-deps`). Nothing is
switched off: every rule tagged below runs on the whole page, and a finding is only excused
when it matches a `KnownIssue` by rule id AND by a CSS selector on the offending element.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Page

from tests.e2e.helpers import ROOT

AXE_VERSION = "4.14.1"
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0 A and AA, plus the criteria 2.1 added at AA: "WCAG 2.1 AA" as axe tags it.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21aa")


@dataclass(frozen=True)
class KnownIssue:
    """A violation that Streamlit's own markup causes, which the app cannot change."""

    rule: str
    selector: str  # matches the offending element (stable test ids, not generated classes)
    why: str


# Streamlit 1.67's sidebar navigation groups its links in <div>s inside the <ul>, so the <ul>
# has children other than <li> and the <li>s have no list parent. Seen on `streamlit hello`
# too (issue 17). Presenter mode hides the sidebar, so there the list is gone.
KNOWN_FRAMEWORK_ISSUES: tuple[KnownIssue, ...] = (
    KnownIssue(
        "list",
        "ul[data-testid='stSidebarNavItems']",
        "Streamlit's sidebar navigation: the <ul> holds <div> section groups",
    ),
    KnownIssue(
        "listitem",
        "ul[data-testid='stSidebarNavItems'] li",
        "Streamlit's sidebar navigation: its <li>s sit inside those <div> groups",
    ),
)


@dataclass(frozen=True)
class Finding:
    """One element that fails one rule."""

    rule: str
    impact: str
    target: str
    summary: str
    html: str
    known: str | None  # the KnownIssue selector it matched, if any

    def describe(self) -> str:
        return f"{self.rule} ({self.impact}) at {self.target}: {self.summary} | {self.html}"


_RUN = """
async ([tags, known]) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  const findings = [];
  for (const violation of result.violations) {
    for (const node of violation.nodes) {
      let element = null;
      try { element = document.querySelector(node.target[0]); } catch (e) { element = null; }
      const match = known.find(
        ([rule, selector]) => rule === violation.id && element !== null && element.matches(selector)
      );
      findings.push({
        rule: violation.id,
        impact: violation.impact || '',
        target: node.target.join(' '),
        summary: (node.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 300),
        html: node.html.slice(0, 200),
        known: match ? match[1] : null,
      });
    }
  }
  return {version: axe.version, findings};
}
"""


def inject_axe(page: Page) -> None:
    """Put axe-core into the page (again after each navigation; a no-op when present)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))


def run_axe(page: Page) -> list[Finding]:
    """Every WCAG 2.1 A/AA violation on the page as it is now, one Finding per element."""
    inject_axe(page)
    known = [[issue.rule, issue.selector] for issue in KNOWN_FRAMEWORK_ISSUES]
    reply: dict[str, Any] = page.evaluate(_RUN, [list(WCAG_TAGS), known])
    if reply["version"] != AXE_VERSION:
        raise AssertionError(f"axe-core {reply['version']} loaded, {AXE_VERSION} expected")
    return [Finding(**item) for item in reply["findings"]]


def report(findings: list[Finding]) -> str:
    """The findings as lines, for a failure message or the test's printed output."""
    return "\n".join(f"  {finding.describe()}" for finding in findings) or "  none"
