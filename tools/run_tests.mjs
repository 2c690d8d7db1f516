#!/usr/bin/env node
// The whole test command (`npm test`): format, lint and type checks, the documentation lint, the
// suite on every backend this machine has (CPU always; WebGPU when Deno finds an adapter), the
// JSDoc examples, the Bun run, and the runtime/packaging checks. Prints one closing line
// `N passed, N failed` summing every step.
//
// Usage: node tools/run_tests.mjs [--only=step,step]
//   steps: fmt lint check doclint cpu doc webgpu bun build node pack url publish

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => {
  const local = join(root, "node_modules", ".bin", name);
  return existsSync(local) ? local : name;
};
const deno = bin("deno");
const bun = bin("bun");
/** Whether a command runs here (`cmd --version` succeeds). */
const available = (cmd) => spawnSync(cmd, ["--version"], { encoding: "utf8" }).status === 0;
// This script runs under Node (`npm test`) or Deno (`deno task test`); Node-only steps need node.
const node = process.versions.node && !process.versions.deno && !process.versions.bun
  ? process.execPath
  : "node";
const hasNode = available(node);
const hasBun = available(bun);
const hasNodeModules = existsSync(join(root, "node_modules", "typescript"));
/** Prints why a step does not run on this machine (it then counts neither way). */
const skip = (label, why) => {
  if (!only || only.includes(label)) console.log(`\n== ${label}: skipped — ${why}`);
};
const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");

let passed = 0;
let failed = 0;
const failures = [];

/** Runs a command, echoing its output; returns {status, out}. */
function run(label, cmd, args, env = {}) {
  if (only && !only.includes(label)) return null;
  console.log(`\n== ${label}: ${cmd.split("/").pop()} ${args.join(" ")}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, {
    cwd: root,
    env: { ...process.env, NO_COLOR: "1", ...env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const out = (r.stdout ?? "") + (r.stderr ?? "");
  process.stdout.write(out.length > 20000 && r.status === 0 ? out.slice(-4000) : out);
  console.log(`== ${label}: exit ${r.status} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { status: r.status ?? 1, out };
}

/** A check with no test counts of its own counts as one test. */
function check(label, cmd, args, env) {
  const r = run(label, cmd, args, env);
  if (!r) return;
  if (r.status === 0) passed++;
  else {
    failed++;
    failures.push(label);
  }
}

/** Adds the counts a test runner printed; a non-zero exit with no counted failure counts one. */
function suite(label, cmd, args, env, parse) {
  const r = run(label, cmd, args, env);
  if (!r) return;
  const [p, f] = parse(r.out);
  passed += p;
  failed += f;
  if (r.status !== 0 || f > 0) {
    failures.push(label);
    if (f === 0) failed++;
  }
}

const denoCounts = (out) => {
  // "ok | 799 passed (3 steps) | 0 failed (3s)" or "FAILED | 798 passed | 1 failed (3s)"
  const m = [...out.matchAll(/\| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/g)].pop();
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
};
const bunCounts = (out) => {
  const p = [...out.matchAll(/^\s*(\d+) pass$/gm)].pop();
  const f = [...out.matchAll(/^\s*(\d+) fail$/gm)].pop();
  return [p ? Number(p[1]) : 0, f ? Number(f[1]) : 0];
};

const nodeCounts = (out) => {
  // node --test --test-reporter=tap ends with "# pass 8" and "# fail 0"
  const p = [...out.matchAll(/^# pass (\d+)$/gm)].pop();
  const f = [...out.matchAll(/^# fail (\d+)$/gm)].pop();
  return [p ? Number(p[1]) : 0, f ? Number(f[1]) : 0];
};
/** A Node script written with node:test (tests/runtime/*.mjs), run by Node itself. */
const nodeTest = (label, file) =>
  suite(label, node, ["--test", "--test-reporter=tap", file], {}, nodeCounts);

/** Whether the library registers a WebGPU device here (Deno with an adapter, llvmpipe included). */
function hasWebGpu() {
  const r = spawnSync(deno, [
    "eval",
    "const { devices } = await import('./mod.ts'); " +
    "console.log(devices().some((d) => d.platform === 'webgpu') ? 'yes' : 'no')",
  ], { cwd: root, encoding: "utf8", env: { ...process.env, JAX_PLATFORMS: "" } });
  return r.stdout?.trim() === "yes";
}

check("fmt", deno, ["fmt", "--check"]);
check("lint", deno, ["lint"]);
check("check", deno, ["check", "mod.ts", "src/", "tests/", "repl/", "examples/", "bench/"]);
// Every export documented, no private types in the public API, explicit types (JSR's rules). The
// namespace modules are linted as entry points too: deno doc does not list the names they
// re-export with `export { … } from` as members of `jnp`, `lax` and `random`.
check("doclint", deno, [
  "doc",
  "--lint",
  "mod.ts",
  "src/numpy/index.ts",
  "src/lax/index.ts",
  "src/random/index.ts",
]);
suite("cpu", deno, ["test", "-A", "--no-check", "tests/"], { JAX_PLATFORMS: "cpu" }, denoCounts);
// The JSDoc examples, type-checked and run (one test each), on the CPU: with JAX_PLATFORMS=cpu
// no example probes WebGPU.
suite(
  "doc",
  deno,
  ["test", "-A", "--parallel", "--doc", "mod.ts", "src/"],
  { JAX_PLATFORMS: "cpu" },
  denoCounts,
);
if (!only || only.includes("webgpu")) {
  if (hasWebGpu()) {
    suite(
      "webgpu",
      deno,
      ["test", "-A", "--no-check", "tests/"],
      { JAX_PLATFORMS: "webgpu" },
      denoCounts,
    );
  } else {
    console.log("\n== webgpu: skipped — Deno found no WebGPU adapter on this machine");
  }
}
if (hasBun) suite("bun", bun, ["test", "tests/"], { JAX_PLATFORMS: "cpu" }, bunCounts);
else skip("bun", "no bun here (npm install brings it)");

// Runtimes and packaging (tests/runtime/): the Node build and the package Node and Bun load from
// it, importing mod.ts by URL, and what JSR and npm would publish (dry runs: nothing is uploaded).
if (hasNode && hasNodeModules) {
  check("build", node, ["tools/build_node.mjs"]);
  nodeTest("node", "tests/runtime/node_smoke.mjs");
  nodeTest("pack", "tests/runtime/npm_pack.mjs");
  nodeTest("url", "tests/runtime/url_import.mjs");
} else {
  for (const s of ["build", "node", "pack", "url"]) skip(s, "needs Node and `npm install`");
}
// --allow-dirty: a working tree with uncommitted changes is normal while developing.
check("publish", deno, ["publish", "--dry-run", "--allow-dirty"]);

console.log(`\n${failures.length ? `failed steps: ${failures.join(", ")}` : "all steps passed"}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
