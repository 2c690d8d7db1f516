/**
 * CPU backend benchmark (issue 7): jaxscript against jax-js (wasm), tfjs (wasm), plain JS and
 * numpy, on Deno.
 *
 *     deno task bench                       # the table with ratios and targets (deno run)
 *     deno run -A bench/cpu_bench.ts --only=matmul,linear --libs=jax-js
 *     deno bench -A bench/cpu_bench.ts      # the same workloads through Deno's bench runner
 *
 * On Bun: `bun bench/cpu_bench_bun.ts`; on Node: bench/cpu_bench_node.mjs. Results and method:
 * bench/CPU.md. jax-js and tfjs come from `npm install` (devDependencies);
 * numpy runs through python3 when present. See bench/cpu/suite.ts for the method.
 */

import process from "node:process";
import { type Case, type Lib, makeInputs, WORKLOADS } from "./cpu/common.ts";
import { runSuite } from "./cpu/suite.ts";
import { ours } from "./cpu/ours.ts";
import { jaxjs } from "./cpu/jaxjs.ts";
import { tfjs } from "./cpu/tfjs.ts";
import { plain } from "./cpu/plain.ts";

if (import.meta.main) {
  await runSuite(process.argv.slice(2));
  process.exit(0); // jax-js's workers would keep the process alive
} else {
  // `deno bench`: one group per workload, jaxscript as the baseline. Libraries load lazily.
  const inputs = makeInputs();
  const ready = new Map<Lib, Promise<string | null>>();
  for (const w of WORKLOADS) {
    if (w.id === "memory") continue;
    for (const lib of [ours, jaxjs, tfjs, plain]) {
      // Plain JS has no per-op dispatch to compare for these two (it only supplies references);
      // tfjs has no jit.
      if (lib === plain && (w.id === "eagerAdd" || w.id === "jitTrivial")) continue;
      if (lib === tfjs && w.id === "jitTrivial") continue;
      let c: Promise<Case | null> | undefined;
      const get = async () => {
        if (!ready.has(lib)) ready.set(lib, lib.init());
        if (await ready.get(lib)) return null;
        return await (c ??= lib.make(w.id, inputs));
      };
      Deno.bench({
        name: `${w.id} ${lib.name}`,
        group: w.id,
        baseline: lib === ours,
        async fn(b) {
          const cs = await get();
          if (!cs || cs.referenceOnly) return;
          b.start();
          if (cs.async) await cs.run();
          else cs.run();
          b.end();
        },
      });
    }
  }
}
