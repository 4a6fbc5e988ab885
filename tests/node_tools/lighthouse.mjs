// Lighthouse (mobile, its default) on several pages with one Chromium: prints one JSON object per
// line, {"url", "scores": {category: 0..100}, "failed": [{"id", "title", "items"}]}.
//   CHROME_PATH=/usr/bin/chromium node lighthouse.mjs --categories accessibility,best-practices URL...
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const args = process.argv.slice(2);
let categories = ["accessibility", "best-practices"];
const at = args.indexOf("--categories");
if (at >= 0) categories = args.splice(at, 2)[1].split(",");
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run"],
});
try {
  for (const url of args) {
    const result = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: categories });
    const lhr = result.lhr;
    const scores = {};
    const failed = [];
    for (const [id, category] of Object.entries(lhr.categories)) {
      scores[id] = category.score === null ? null : Math.round(category.score * 100);
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1 && audit.scoreDisplayMode !== "informative") {
          const items = ((audit.details && audit.details.items) || []).slice(0, 5)
            .map((item) => (item.node && (item.node.snippet || item.node.selector)) || item.url || item.description || "");
          failed.push({ id: ref.id, category: id, title: audit.title, score: audit.score, displayValue: audit.displayValue || "", items });
        }
      }
    }
    if (lhr.runtimeError) failed.push({ id: "runtime-error", title: lhr.runtimeError.message, items: [] });
    console.log(JSON.stringify({ url: lhr.finalDisplayedUrl, scores, failed }));
  }
} finally {
  await chrome.kill();
}
