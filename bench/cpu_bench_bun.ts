/**
 * The CPU benchmark (bench/cpu_bench.ts) on Bun:
 *
 *     bun bench/cpu_bench_bun.ts [--only=matmul,linear] [--libs=jax-js] [--rounds=N]
 */

import process from "node:process";
import { runSuite } from "./cpu/suite.ts";

await runSuite(process.argv.slice(2));
process.exit(0); // jax-js's workers would keep the process alive
