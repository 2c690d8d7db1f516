// Importing the library by URL, as `import { jnp } from "https://…/mod.ts"` does: this test serves
// the repository over HTTP on 127.0.0.1 (a random free port) and, from a fresh temporary directory
// with no deno.json or package.json, runs a script importing http://127.0.0.1:PORT/mod.ts with
// `deno run --allow-import=127.0.0.1:PORT` and no other permission. The script computes on the
// CPU backend and prints the results, which the test checks. A library file that imports a bare
// name, a `jsr:`/`npm:` specifier or a path without `.ts` breaks this (and the static scan first).
//
// Run by `npm test` (step "url"): node --test tests/runtime/url_import.mjs

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, relative, resolve, sep } from "node:path";
import process from "node:process";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { scanImportGraph } from "./import_graph.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const deno = existsSync(join(root, "node_modules/.bin/deno"))
  ? join(root, "node_modules/.bin/deno")
  : "deno";

const temps = [];
function tempDir(prefix) {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}
after(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

// Deno decides a remote module's language from its Content-Type, as it would from a CDN.
const TYPES = {
  ".ts": "application/typescript; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
};

/** A static file server for `dir` on 127.0.0.1; resolves to { port, log, close }. */
function serve(dir) {
  const log = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const file = resolve(dir, "." + path);
    const inside = file === dir || file.startsWith(dir.endsWith(sep) ? dir : dir + sep);
    const ok = inside && req.method === "GET" && existsSync(file) && statSync(file).isFile();
    log.push({ path, status: ok ? 200 : 404 });
    if (!ok) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "text/plain; charset=utf-8" });
    res.end(readFileSync(file));
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      ok({
        port: server.address().port,
        log,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

/**
 * Runs deno asynchronously (the server answers from this process's event loop, so a synchronous
 * spawn would deadlock) with a bare environment: its own empty DENO_DIR, so every module really
 * comes over HTTP and nothing from an earlier run's cache, and no proxy settings that could
 * route 127.0.0.1 elsewhere.
 */
function runDeno(args, cwd) {
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: cwd,
    DENO_DIR: join(cwd, ".deno_dir"),
    DENO_NO_UPDATE_CHECK: "1",
    NO_COLOR: "1",
    NO_PROXY: "127.0.0.1,localhost",
  };
  if (process.env.SystemRoot) env.SystemRoot = process.env.SystemRoot;
  return new Promise((ok) => {
    const child = spawn(deno, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => child.kill(), 120_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      ok({ code, out });
    });
  });
}

/** A fresh directory holding only `main.ts`, after checking no config above it is picked up. */
function scriptDir(source) {
  const dir = tempDir("jaxscript-url-");
  for (let d = dir;; d = resolve(d, "..")) {
    for (const f of ["deno.json", "deno.jsonc", "package.json"]) {
      assert.ok(!existsSync(join(d, f)), `${join(d, f)} would configure the run`);
    }
    if (resolve(d, "..") === d) break;
  }
  writeFileSync(join(dir, "main.ts"), source);
  return dir;
}

test("static: mod.ts' import graph has only relative .ts paths and node: built-ins", () => {
  const { files, problems } = scanImportGraph(join(root, "mod.ts"));
  assert.deepEqual(problems, [], `library imports that break URL import:\n${problems.join("\n")}`);
  assert.ok(files.length > 20, `only ${files.length} modules reached from mod.ts`);
});

test("static: the scan reports bare, jsr:, extensionless and computed imports", () => {
  // A negative control: the scan must see what it is there to catch.
  const dir = tempDir("jaxscript-scan-");
  mkdirSync(join(dir, "src"));
  writeFileSync(
    join(dir, "mod.ts"),
    [
      'import "./src/a.ts";',
      'import { x } from "lodash";',
      'export * from "jsr:@std/assert";',
      'import type { Y } from "./src/b";',
      'import process from "node:process";',
      "const m = await import(`./src/${'a'}.ts`);",
      "Deno.exit(0);",
    ].join("\n"),
  );
  writeFileSync(join(dir, "src/a.ts"), 'export const a: number = 1;\nimport "npm:chalk";\n');
  const { files, problems } = scanImportGraph(join(dir, "mod.ts"));
  assert.equal(files.length, 2);
  const expect = [
    /mod\.ts:2: imports a bare specifier "lodash"/,
    /mod\.ts:3: imports a "jsr:" specifier "jsr:@std\/assert"/,
    /mod\.ts:4: imports "\.\/src\/b" without the \.ts extension/,
    /mod\.ts:6: dynamic import\(\) of a computed specifier/,
    /mod\.ts:7: uses Deno\.exit/,
    /src[\\/]a\.ts:2: imports a "npm:" specifier "npm:chalk"/,
  ];
  assert.equal(problems.length, expect.length, problems.join("\n"));
  for (const re of expect) assert.ok(problems.some((p) => re.test(p)), `${re} in\n${problems}`);
});

test("deno run imports mod.ts by URL, with only --allow-import, and computes on the CPU", async () => {
  const server = await serve(root);
  try {
    const host = `127.0.0.1:${server.port}`;
    const dir = scriptDir(`\
import {
  defaultDevice,
  type DeviceArray,
  grad,
  jit,
  jnp,
  setDefaultDevice,
  vmap,
} from "http://${host}/mod.ts";

// A machine with a GPU would default to WebGPU; this test is about the CPU backend.
setDefaultDevice("cpu");
const x = jnp.arange(150);
const y = jnp.arange(100, 250);
const batch = (v: DeviceArray) => jnp.stack([v, jnp.multiply(v, 2)]);
const f = jit((v: DeviceArray) => jnp.sum(jnp.multiply(jnp.sin(v), v)));
const g = grad(f)(jnp.array([0, 1, 2], { dtype: "float32" }));
console.log(JSON.stringify({
  platform: defaultDevice().platform,
  dot: Deno.inspect(jnp.dot(x, y)),
  vmap: Deno.inspect(vmap(jnp.dot)(batch(x), batch(y))),
  grad: Array.from(await g.data()),
}));
`);
    const r = await runDeno(["run", "--no-prompt", `--allow-import=${host}`, "main.ts"], dir);
    assert.equal(r.code, 0, `deno run failed:\n${r.out}`);
    const missing = server.log.filter((e) => e.status !== 200).map((e) => e.path);
    assert.deepEqual(missing, [], "requests the server could not answer");
    assert.ok(server.log.some((e) => e.path === "/mod.ts"), "mod.ts was fetched over HTTP");

    const result = JSON.parse(r.out.trim().split("\n").pop());
    assert.equal(result.platform, "cpu");
    assert.equal(result.dot, "DeviceArray(2231275, dtype=int32)");
    assert.equal(result.vmap, "DeviceArray([2231275, 8925100], dtype=int32)");
    // d/dv Σ v·sin v = sin v + v·cos v
    const expected = [0, 1, 2].map((v) => Math.sin(v) + v * Math.cos(v));
    result.grad.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-5, `grad[${i}] ${v}`));

    // `deno check` of the script: the exported types resolve over HTTP too.
    const c = await runDeno(["check", `--allow-import=${host}`, "main.ts"], dir);
    assert.equal(c.code, 0, `deno check failed:\n${c.out}`);
    // Every module of the graph was served: `deno run` fetches what runs, `deno check` also the
    // modules only types come from (a type-only import is erased before running).
    assert.deepEqual(
      server.log.filter((e) => e.status !== 200).map((e) => e.path),
      [],
      "requests the server could not answer",
    );
    const served = new Set(server.log.map((e) => e.path));
    const graph = scanImportGraph(join(root, "mod.ts")).files.map((f) =>
      "/" + relative(root, f).split(sep).join("/")
    );
    assert.deepEqual(graph.filter((p) => !served.has(p)), [], "graph modules not fetched");
  } finally {
    await server.close();
  }
});

test("a library module importing a path without .ts makes the URL import fail", async () => {
  // A negative control for the test above: the same server and run over a two-file library whose
  // mod.ts imports "./lib" (fine for a bundler, a 404 over HTTP).
  const lib = tempDir("jaxscript-badlib-");
  writeFileSync(join(lib, "mod.ts"), 'export { two } from "./lib";\n');
  writeFileSync(join(lib, "lib.ts"), "export const two: number = 2;\n");
  const server = await serve(lib);
  try {
    const host = `127.0.0.1:${server.port}`;
    const dir = scriptDir(`import { two } from "http://${host}/mod.ts";\nconsole.log(two);\n`);
    const r = await runDeno(["run", "--no-prompt", `--allow-import=${host}`, "main.ts"], dir);
    assert.notEqual(r.code, 0, `deno run should have failed:\n${r.out}`);
    assert.ok(server.log.some((e) => e.path === "/lib" && e.status === 404), r.out);
  } finally {
    await server.close();
  }
});
