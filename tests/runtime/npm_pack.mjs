// What `npm publish` would upload, from `npm pack --dry-run` (nothing is written or published):
// the .ts sources Bun runs, the dist/ build Node runs with its .d.ts files, README, LICENSE and
// package.json — and none of the tests, benches, tools, examples, REPL or lockfiles.
//
// Run by `npm test` (step "pack", after "build"): node --test tests/runtime/npm_pack.mjs

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import process from "node:process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { scanImportGraph } from "./import_graph.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const pkgJson = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

function packList() {
  assert.ok(existsSync(join(root, "dist", "mod.js")), "dist/ is missing: run `npm run build`");
  // --ignore-scripts: prepack would rebuild dist/, which the build step has just done.
  const r = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: root,
    encoding: "utf8",
    shell: process.platform === "win32",
  });
  assert.equal(r.status, 0, `npm pack --dry-run failed:\n${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout.slice(r.stdout.indexOf("[")))[0];
}

const pack = packList();
const files = new Set(pack.files.map((f) => f.path));
const graph = scanImportGraph(join(root, "mod.ts")).files
  .map((f) => relative(root, f).split(sep).join("/"));

test("npm pack: the package metadata and the top-level files", () => {
  assert.equal(pack.name, "jaxscript");
  assert.equal(pack.version, pkgJson.version);
  for (
    const f of ["package.json", "README.md", "LICENSE", "mod.ts", "dist/mod.js", "dist/mod.d.ts"]
  ) {
    assert.ok(files.has(f), `${f} is not in the package`);
  }
});

test("npm pack: every module of mod.ts' graph ships as .ts (Bun) and as .js + .d.ts (Node)", () => {
  const missing = [];
  for (const ts of graph) {
    const js = "dist/" + ts.replace(/\.ts$/, ".js");
    const dts = "dist/" + ts.replace(/\.ts$/, ".d.ts");
    for (const f of [ts, js, dts]) if (!files.has(f)) missing.push(f);
  }
  assert.deepEqual(missing, []);
  // …and dist/ holds nothing else (a stale file from a renamed source would still be imported
  // by nothing, but would ship).
  const expected = new Set(
    graph.flatMap((t) => [".js", ".d.ts"].map((e) => "dist/" + t.replace(/\.ts$/, e))),
  );
  const extra = [...files].filter((f) => f.startsWith("dist/") && !expected.has(f));
  assert.deepEqual(extra, [], "files in dist/ that mod.ts does not reach");
});

test("npm pack: every exports target is in the package", () => {
  const targets = [];
  const collect = (v) => {
    if (typeof v === "string") targets.push(v.replace(/^\.\//, ""));
    else if (v && typeof v === "object") Object.values(v).forEach(collect);
  };
  collect(pkgJson.exports);
  assert.ok(targets.length >= 4, `exports: ${JSON.stringify(pkgJson.exports)}`);
  for (const t of targets) assert.ok(files.has(t), `exports points at ${t}, which is not packed`);
  // Bun gets the sources, Node the build (the first matching condition wins).
  const dot = pkgJson.exports["."];
  assert.equal(Object.keys(dot)[0], "bun");
  assert.equal(dot.bun, "./mod.ts");
  assert.equal(dot.import, "./dist/mod.js");
});

test("npm pack: no tests, benches, tools, examples, REPL, lockfiles or build configs", () => {
  const banned =
    /^(tests|bench|tools|examples|repl|node_modules|\.ci|\.gl|\.gpu)\/|^(package-lock\.json|deno\.lock|tsconfig[^/]*\.json)$/;
  assert.deepEqual([...files].filter((f) => banned.test(f)), []);
  const outside = [...files].filter((f) =>
    !/^(src|dist)\//.test(f) && !["package.json", "README.md", "LICENSE", "mod.ts"].includes(f)
  );
  assert.deepEqual(outside, [], "unexpected top-level files");
  // A sanity bound: the library is a few hundred kB of source; megabytes means something leaked in.
  assert.ok(pack.unpackedSize < 8_000_000, `unpacked size ${pack.unpackedSize} bytes`);
});
