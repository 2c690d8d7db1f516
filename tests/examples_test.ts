/**
 * Every example runs (at reduced size, JAXSCRIPT_QUICK=1) as its own process on the runtime
 * running the tests, and prints what it should — so no example can rot.
 */

import { assert, test } from "./harness.ts";
import { spawnSync } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const isBun = typeof (globalThis as { Bun?: unknown }).Bun !== "undefined";

function runExample(file: string): string {
  const args = isBun ? [file] : ["run", "--allow-env", "--allow-read", file];
  const r = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, JAXSCRIPT_QUICK: "1", NO_COLOR: "1" },
    timeout: 120_000,
  });
  const out = (r.stdout ?? "") + (r.stderr ?? "");
  assert.equal(r.status, 0, `${file} exited with ${r.status}:\n${out}`);
  return out;
}

test("examples/vmap_tutorial.ts prints the tutorial with JAX's outputs", () => {
  const out = runExample("examples/vmap_tutorial.ts");
  assert.match(out, /DeviceArray\(2231275, dtype=int32\)/);
  assert.match(out, /\[\(100, 150\), \(100, 150\)\]/);
  assert.match(
    out,
    /TypeError: dot_general requires contracting dimensions to have the same shape, got \(100,\) and \(16,\)\./,
  );
  assert.match(
    out,
    /one axis had size 64: axis 0 of argument w of type float32\[64,100\];\n {2}\* one axis had size 16: axis 0 of argument x of type float32\[16,100\]/,
  );
  assert.match(out, /per loop \(mean ± std\. dev\. of 1 run, 1 loop each\)/);
  assert.match(out, /DeviceArray\(True, dtype=bool\)/);
});

test("examples/mlp.ts trains: the loss falls; per-example gradients average to the batch one", () => {
  const out = runExample("examples/mlp.ts");
  assert.match(out, /loss fell from [\d.]+ to [\d.]+: yes/);
  assert.match(out, /equals the batch gradient: true/);
});

test("examples/monte_carlo.ts is reproducible by seed", () => {
  const out = runExample("examples/monte_carlo.ts");
  const pis = [...out.matchAll(/π ≈ ([\d.]+)\s+\(seed (\d)/g)].map((m) => [m[1], m[2]]);
  assert.equal(pis.length, 3);
  assert.equal(pis[0][0], pis[2][0]);
  assert.notEqual(pis[0][0], pis[1][0]);
  assert.match(out, /Black–Scholes closed form: 8\.02/);
});

test("examples/mandelbrot.ts renders and times every device; the CPU result is reproducible", () => {
  const out = runExample("examples/mandelbrot.ts");
  assert.match(out, /64×64 grid, 20 iterations: \d+ points stay bounded/);
  assert.match(out, /CpuDevice\(id=0\)\s+[\d.]+ ms per frame {2}\(0 of 4096 counts differ/);
});
