/**
 * Peak memory of holding one 1e8 float32 array made from user data, for one library, in a fresh
 * process:
 *
 *     deno run -A bench/cpu/mem_probe.ts <jaxscript|jax-js|tfjs-wasm|plain JS>    (or: bun …)
 *
 * Loads and warms the library, resets the kernel's peak-RSS counter (writing 5 to
 * /proc/self/clear_refs sets VmHWM to the current RSS), fills a Float32Array of 1e8 values (the
 * user's data), turns it into the library's array (jnp.asarray, np.array, tf.tensor), and prints
 * {"memory": MiB}: the peak RSS above the starting RSS. The bytes themselves are 381.5 MiB; a
 * library that copies the user's data costs twice that. Linux only.
 */

import { readFileSync, writeFileSync } from "node:fs";
import process from "node:process";

function statusKiB(field: string): number {
  const line = readFileSync("/proc/self/status", "utf8").split("\n").find((l) =>
    l.startsWith(field + ":")
  );
  if (!line) throw new Error(`no ${field} in /proc/self/status`);
  return Number(line.split(/\s+/)[1]);
}

type Wrap = (host: Float32Array) => Promise<unknown>;
const mods: Record<string, () => Promise<Wrap>> = {
  "jaxscript": async () => (await import("./ours.ts")).prepareBig(),
  "jax-js": async () => (await import("./jaxjs.ts")).prepareBig(),
  "tfjs-wasm": async () => (await import("./tfjs.ts")).prepareBig(),
  "plain JS": () => Promise.resolve((h: Float32Array) => Promise.resolve(h)),
};
const which = process.argv[process.argv.length - 1];
const load = mods[which];
if (!load) throw new Error(`unknown library ${which}`);
const wrap = await load();
writeFileSync("/proc/self/clear_refs", "5");
const before = statusKiB("VmRSS");
const host = new Float32Array(100_000_000);
for (let i = 0; i < host.length; i++) host[i] = i & 255;
const x = await wrap(host);
const peak = statusKiB("VmHWM");
console.log(JSON.stringify({ memory: (peak - before) / 1024, held: x !== undefined }));
// jax-js keeps worker threads alive; exit explicitly.
process.exit(0);
