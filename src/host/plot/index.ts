/** Figures of a run: the Tutorial 2 figure as SVG and as a self-contained HTML page. */
import { join } from "node:path";
import { type FigureData, type FigureOptions, traceFigureSpec } from "./figure.ts";
import { writeFileAtomic } from "../files.ts";
import { htmlPage, renderSvg } from "./render.ts";

export { type FigureData, type FigureOptions, traceFigureSpec } from "./figure.ts";
export { htmlPage, renderSvg } from "./render.ts";

export interface Figure {
  svg: string;
  html: string;
}

/** Draws the figure of a run. */
export async function plotTrace(data: FigureData, options: FigureOptions = {}): Promise<Figure> {
  const svg = await renderSvg(traceFigureSpec(data, options));
  const notes = data.subtitle === undefined ? [] : [data.subtitle];
  return { svg, html: htmlPage(data.title, svg, notes) };
}

/** Writes `<dir>/<name>.svg` and `<dir>/<name>.html`; resolves with their paths. */
export async function writeFigure(dir: string, name: string, data: FigureData, options: FigureOptions = {}): Promise<{ svg: string; html: string }> {
  const figure = await plotTrace(data, options);
  const paths = { svg: join(dir, `${name}.svg`), html: join(dir, `${name}.html`) };
  writeFileAtomic(paths.svg, figure.svg);
  writeFileAtomic(paths.html, figure.html);
  return paths;
}
