#!/usr/bin/env node
// The Node build (`npm run build`): compiles mod.ts and everything it imports to ESM JavaScript
// and .d.ts in dist/ with tsc (tsconfig.build.json), for Node ≥ 20. Deno and Bun run the .ts
// sources and never need this.
//
// dist/ is emptied first: a source file that was deleted or renamed would otherwise leave its old
// .js behind, and `npm pack` ships the whole folder.

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");

if (!existsSync(tsc)) {
  console.error("build: TypeScript is not installed — run `npm install` first");
  process.exit(1);
}

rmSync(dist, { recursive: true, force: true });
const t0 = Date.now();
const r = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], {
  cwd: root,
  stdio: "inherit",
});
if (r.status !== 0) process.exit(r.status ?? 1);

// tsc rewrites `./x.ts` to `./x.js` only in string-literal imports; anything it left behind would
// make Node fail at load time with ERR_MODULE_NOT_FOUND, so refuse to produce such a build.
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else files.push(p);
  }
};
walk(dist);
const js = files.filter((f) => f.endsWith(".js"));
const bad = [];
for (const f of js) {
  const src = readFileSync(f, "utf8");
  for (
    const m of src.matchAll(
      /^\s*(?:import\s*|(?:import|export)\b[^;'"]*?\bfrom\s*)["']([^"']+)["']/gm,
    )
  ) {
    if (m[1].startsWith(".") && !m[1].endsWith(".js")) bad.push(`${relative(root, f)}: ${m[1]}`);
  }
}
if (bad.length) {
  console.error(`build: relative imports not rewritten to .js:\n  ${bad.join("\n  ")}`);
  process.exit(1);
}
const dts = files.filter((f) => f.endsWith(".d.ts")).length;
console.log(
  `build: dist/ has ${js.length} .js and ${dts} .d.ts files (${
    ((Date.now() - t0) / 1000).toFixed(1)
  } s)`,
);
