// Takes docs/img/scope.png: `spikeloop scope` on the emulator, photographed by Debian's chromium
// through puppeteer-core. `npm run build` first; then `node tools/scope-screenshot.mjs [out.png]`.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import puppeteer from "puppeteer-core";

const out = process.argv[2] ?? "docs/img/scope.png";
const work = mkdtempSync(join(tmpdir(), "spikeloop-shot-"));
const neurons = 8;
// Slow to fast leak: neuron 0 integrates longest and fires most.
const beta = Array.from({ length: neurons }, (_, i) => +(0.97 - 0.025 * i).toFixed(3));
writeFileSync(join(work, "layer.json"), JSON.stringify({ model: "Leaky", neurons, beta, threshold: 1, reset_mechanism: "subtract" }));
const args = ["dist/src/host/cli.js", "scope", "--config", join(work, "layer.json"), "--input", "pulse:amplitude=0.2,start=40,end=240", "--steps", "320", "--period", "5", "--no-open"];
const scope = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
const url = await new Promise((resolve) => createInterface({ input: scope.stdout }).once("line", resolve));
const browser = await puppeteer.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--user-data-dir=${join(work, "profile")}`],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 860 });
  await page.goto(url);
  await page.waitForFunction(() => window.scope.hello !== undefined);
  await page.select("#window", "2");
  await page.$eval("#shown", (e) => {
    e.value = "0,2,4,6";
    e.dispatchEvent(new Event("change"));
  });
  await new Promise((resolve) => setTimeout(resolve, 7000));
  await page.screenshot({ path: out, fullPage: true });
  console.log(`${out}: ${url}`);
} finally {
  await browser.close();
  scope.kill("SIGINT");
  rmSync(work, { recursive: true, force: true });
}
