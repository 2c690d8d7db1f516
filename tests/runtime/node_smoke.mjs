// Node ≥ 20 runs the built package (dist/, from `npm run build`), Bun runs the .ts sources: this
// test packs the package as `npm publish` would (`npm pack` into a temporary directory — nothing
// is published), installs the tarball into a temporary node_modules and runs the examples through
// `import … from "jaxscript"`, so package.json's `exports` conditions and `files` list are what is
// tested. It also loads dist/ with `navigator` absent (Node 20), present without `gpu` (Node ≥ 21)
// and with a `gpu` that finds no adapter, and type-checks a consumer against the .d.ts files.
//
// Run by `npm test` (step "node", after "build"): node --test tests/runtime/node_smoke.mjs

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { after, before, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = (name) => {
  const local = join(root, "node_modules", ".bin", name);
  return existsSync(local) ? local : name;
};
const distMod = join(root, "dist", "mod.js");

/** Runs a command; returns { status, out } with stdout and stderr together. */
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, {
    encoding: "utf8",
    timeout: 180_000,
    maxBuffer: 64 * 1024 * 1024,
    ...opts,
    env: { ...process.env, NO_COLOR: "1", JAX_PLATFORMS: "", ...opts.env },
  });
  return { status: r.status, out: (r.stdout ?? "") + (r.stderr ?? "") + (r.error ?? "") };
}

let tmp; // holds node_modules/jaxscript (the unpacked tarball) and app/ (the scripts)

before(() => {
  if (!existsSync(distMod)) {
    const b = run(process.execPath, [join(root, "tools", "build_node.mjs")], { cwd: root });
    assert.equal(b.status, 0, `npm run build failed:\n${b.out}`);
  }
  tmp = mkdtempSync(join(tmpdir(), "jaxscript-node-"));
  // --ignore-scripts: dist/ is already built (prepack would rebuild it).
  const p = run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], {
    cwd: root,
    shell: process.platform === "win32",
  });
  assert.equal(p.status, 0, `npm pack failed:\n${p.out}`);
  const tarball = join(tmp, JSON.parse(p.out.slice(p.out.indexOf("[")))[0].filename);
  const pkg = join(tmp, "node_modules", "jaxscript");
  mkdirSync(pkg, { recursive: true });
  mkdirSync(join(tmp, "app"));
  const x = run("tar", ["-xzf", tarball, "-C", pkg, "--strip-components=1"]);
  assert.equal(x.status, 0, `tar failed:\n${x.out}`);
  writeFileSync(join(tmp, "app", "package.json"), '{ "type": "module", "private": true }\n');
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** An example's source importing the package by name instead of ../mod.ts. */
function exampleSource(name) {
  const src = readFileSync(join(root, "examples", name), "utf8");
  const out = src.replace(/from "\.\.\/mod\.ts";/, 'from "jaxscript";');
  assert.notEqual(out, src, `examples/${name} no longer imports ../mod.ts`);
  return out;
}

/** Writes an example into app/ as JavaScript (types stripped) and runs it with Node. */
function runExampleOnNode(name) {
  const js = ts.transpileModule(exampleSource(name), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const file = join(tmp, "app", name.replace(/\.ts$/, ".mjs"));
  writeFileSync(file, js);
  const r = run(process.execPath, [file], { cwd: join(tmp, "app"), env: { JAXSCRIPT_QUICK: "1" } });
  assert.equal(r.status, 0, `node ${name} failed:\n${r.out}`);
  return r.out;
}

// What the examples must print (as tests/examples_test.ts checks on Deno and Bun).
const TUTORIAL = [
  /DeviceArray\(2231275, dtype=int32\)/,
  /\[\(100, 150\), \(100, 150\)\]/,
  /TypeError: dot_general requires contracting dimensions to have the same shape, got \(100,\) and \(16,\)\./,
  /one axis had size 64: axis 0 of argument w of type float32\[64,100\];/,
  /per loop \(mean ± std\. dev\. of 1 run, 1 loop each\)/,
  /DeviceArray\(True, dtype=bool\)/,
];

test("node: import 'jaxscript' resolves to dist/mod.js through package.json exports", () => {
  const r = run(process.execPath, [
    "--input-type=module",
    "-e",
    'console.log(import.meta.resolve("jaxscript"))',
  ], { cwd: join(tmp, "app") });
  assert.equal(r.status, 0, r.out);
  assert.match(r.out.trim(), /\/node_modules\/jaxscript\/dist\/mod\.js$/);
});

test("node: examples/vmap_tutorial.ts runs from the packed package and prints JAX's outputs", () => {
  const out = runExampleOnNode("vmap_tutorial.ts");
  for (const re of TUTORIAL) assert.match(out, re);
  assert.match(out, /CpuDevice\(id=0\)/);
});

test("node: examples/mlp.ts and examples/monte_carlo.ts run from the packed package", () => {
  const mlp = runExampleOnNode("mlp.ts");
  assert.match(mlp, /loss fell from [\d.]+ to [\d.]+: yes/);
  assert.match(mlp, /equals the batch gradient: true/);
  const mc = runExampleOnNode("monte_carlo.ts");
  assert.match(mc, /Black–Scholes closed form: 8\.02/);
});

// The three shapes `navigator` takes on Node: absent (Node 20), present without `gpu` (Node ≥ 21),
// and (a polyfill, say) with a `gpu` that finds no adapter. Each must leave a working CPU backend
// and explain, rather than throw a ReferenceError, when WebGPU is asked for.
const NAVIGATORS = {
  "absent (Node 20)": "delete globalThis.navigator;",
  "without gpu (Node ≥ 21)":
    "Object.defineProperty(globalThis, 'navigator', { value: { userAgent: 'Node.js' }, configurable: true });",
  "with a gpu that has no adapter":
    "Object.defineProperty(globalThis, 'navigator', { value: { gpu: { requestAdapter: async () => null } }, configurable: true });",
};

const PROBE = `
const jax = await import(${JSON.stringify(pathToFileURL(distMod).href)});
const { jnp, devices, defaultDevice, grad } = jax;
const x = jnp.arange(150), y = jnp.arange(100, 250);
let webgpu;
try { devices("webgpu"); webgpu = "present"; } catch (e) { webgpu = e.name + ": " + e.message; }
const g = await grad((v) => jnp.sum(jnp.multiply(v, v)))(jnp.array([1, 2], { dtype: "float32" })).data();
console.log(JSON.stringify({
  devices: devices().map(String),
  default: String(defaultDevice()),
  dot: Array.from(await jnp.dot(x, y).data()),
  grad: Array.from(g),
  webgpu,
}));
`;

for (const [label, setup] of Object.entries(NAVIGATORS)) {
  test(`node: dist/ with navigator ${label}: CPU works, WebGPU absent, no ReferenceError`, () => {
    const r = run(process.execPath, [
      "--input-type=module",
      "-e",
      `${setup}\nif (${
        label.startsWith("absent")
      } && "navigator" in globalThis) throw new Error("setup");\n${PROBE}`,
    ], { cwd: root });
    assert.equal(r.status, 0, r.out);
    const out = JSON.parse(r.out.trim().split("\n").pop());
    assert.deepEqual(out.devices, ["CpuDevice(id=0)"]);
    assert.equal(out.default, "CpuDevice(id=0)");
    assert.deepEqual(out.dot, [2231275]);
    assert.deepEqual(out.grad, [2, 4]);
    assert.match(out.webgpu, /^Error: Unable to initialize backend 'webgpu'/);

    // Asking for WebGPU by JAX_PLATFORMS is JAX's error, too.
    const w = run(process.execPath, [
      "--input-type=module",
      "-e",
      `${setup}\nconst { jnp } = await import(${
        JSON.stringify(pathToFileURL(distMod).href)
      });\njnp.arange(3);`,
    ], { cwd: root, env: { JAX_PLATFORMS: "webgpu" } });
    assert.notEqual(w.status, 0);
    assert.doesNotMatch(w.out, /ReferenceError/);
    assert.match(w.out, /Unable to initialize backend 'webgpu'/);
  });
}

test("bun: import 'jaxscript' resolves to the .ts sources, and the tutorial runs from them", () => {
  const bun = bin("bun");
  const app = join(tmp, "app");
  const r = run(bun, ["-e", 'console.log(import.meta.resolve("jaxscript"))'], { cwd: app });
  assert.equal(r.status, 0, r.out);
  assert.match(r.out.trim(), /\/node_modules\/jaxscript\/mod\.ts$/);
  writeFileSync(join(app, "vmap_tutorial.ts"), exampleSource("vmap_tutorial.ts"));
  const t = run(bun, ["vmap_tutorial.ts"], { cwd: app, env: { JAXSCRIPT_QUICK: "1" } });
  assert.equal(t.status, 0, `bun vmap_tutorial.ts failed:\n${t.out}`);
  for (const re of TUTORIAL) assert.match(t.out, re);
});

test("tsc: a strict TypeScript consumer type-checks against the package's .d.ts files", () => {
  const app = join(tmp, "app");
  writeFileSync(
    join(app, "consumer.ts"),
    `import { type DeviceArray, type DType, grad, jit, jnp, vmap } from "jaxscript";
const f = (x: DeviceArray): DeviceArray => jnp.sum(jnp.sin(x));
const g: DeviceArray = jit(grad(f))(jnp.arange(3));
const v: DeviceArray = vmap(jnp.dot)(jnp.ones([2, 3]), jnp.ones([2, 3]));
const d: DType = v.dtype;
export const shown: string = String(g) + d;
`,
  );
  writeFileSync(
    join(app, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        module: "nodenext",
        moduleResolution: "nodenext",
        target: "es2022",
        strict: true,
        noEmit: true,
        // Check the package's declaration files too, not only the consumer.
        skipLibCheck: false,
        // No @types/node: the declarations must not need it. They do use Symbol.dispose
        // (DeviceArray is disposable), which is in esnext.disposable and in @types/node ≥ 20.
        lib: ["es2023", "esnext.disposable"],
        types: [],
      },
      files: ["consumer.ts"],
    }),
  );
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const r = run(process.execPath, [tsc, "-p", join(app, "tsconfig.json")], { cwd: app });
  assert.equal(r.status, 0, `tsc reported errors:\n${r.out}`);
});
