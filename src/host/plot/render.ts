/**
 * Draws a Vega-Lite spec with Vega in Node (no canvas, no browser) as SVG, and wraps the SVG in
 * a self-contained HTML page (no scripts, nothing fetched) that any browser opens offline.
 */
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** The figure as an SVG document. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** An HTML page showing `svg` under a heading; the text is escaped. */
export function htmlPage(title: string, svg: string, notes: readonly string[] = []): string {
  const paragraphs = notes.map((n) => `  <p>${escapeHtml(n)}</p>\n`).join("");
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${escapeHtml(title)}</title>
  <style>body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 720px; color: #222; } svg { max-width: 100%; height: auto; }</style>
</head>
<body>
  <h1>${escapeHtml(title)}</h1>
${paragraphs}  ${svg}
</body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}


