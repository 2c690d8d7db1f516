/**
 * The Mandelbrot set with jit + lax.forILoop, timed on every backend this runtime has (the CPU,
 * and WebGPU where Deno finds an adapter: `deno run -A examples/mandelbrot.ts`). Prints a small
 * ASCII rendering and the time per frame on each device. The iteration is chaotic near the set's
 * boundary, so a last-bit difference in float32 rounding (a GPU's fused multiply-add, say) changes
 * a few escape counts there; the example reports how many.
 *
 * Set JAXSCRIPT_QUICK=1 for a small grid (the tests do).
 */

import process from "node:process";
import { type DeviceArray, devicePut, devices, jit, jnp, lax, timeitAsync } from "../mod.ts";

const quick = (() => {
  try {
    return process.env.JAXSCRIPT_QUICK === "1";
  } catch {
    return false;
  }
})();
const size = quick ? 64 : 1024;
const iterations = quick ? 20 : 100;

/** Escape-time counts for c = x + iy over the grid: z ← z² + c while |z| ≤ 2. */
const mandelbrot = jit((cx: DeviceArray, cy: DeviceArray) => {
  const init = [jnp.zerosLike(cx), jnp.zerosLike(cy), jnp.zeros(cx.shape, { dtype: "int32" })];
  const [, , count] = lax.forILoop(0, iterations, (_i, [zx, zy, n]: DeviceArray[]) => {
    const x2 = jnp.multiply(zx, zx), y2 = jnp.multiply(zy, zy);
    const inside = jnp.lessEqual(jnp.add(x2, y2), 4);
    const nzx = jnp.add(jnp.subtract(x2, y2), cx);
    const nzy = jnp.add(jnp.multiply(jnp.multiply(zx, zy), 2), cy);
    // Escaped points keep their last z, so they stay escaped and stop counting.
    return [
      jnp.where(inside, nzx, zx),
      jnp.where(inside, nzy, zy),
      jnp.add(n, inside.astype("int32")),
    ];
  }, init) as DeviceArray[];
  return count;
});

const xs = jnp.linspace(-2.2, 0.8, size);
const ys = jnp.linspace(-1.3, 1.3, size);
const cx = jnp.broadcastTo(jnp.reshape(xs, [1, size]), [size, size]);
const cy = jnp.broadcastTo(jnp.reshape(ys, [size, 1]), [size, size]);
// On WebGPU the grid is computed on the GPU; read it to the host so it can be moved to each device.
await cx.data();
await cy.data();

// A small rendering from the CPU result.
const counts = await mandelbrot(cx, cy).data();
const rows = 24, cols = 64, shades = " .:-=+*#%@";
const art: string[] = [];
for (let r = 0; r < rows; r++) {
  let line = "";
  for (let c = 0; c < cols; c++) {
    const v =
      counts[Math.floor((r + 0.5) * size / rows) * size + Math.floor((c + 0.5) * size / cols)];
    line += shades[Math.min(shades.length - 1, Math.floor((v / iterations) * (shades.length - 1)))];
  }
  art.push(line);
}
console.log(art.join("\n"));

let inSet = 0;
for (const v of counts) if (v === iterations) inSet++;
console.log(`\n${size}×${size} grid, ${iterations} iterations: ${inSet} points stay bounded`);

for (const device of devices()) {
  const dx = devicePut(cx, device), dy = devicePut(cy, device);
  const result = mandelbrot(dx, dy);
  const values = await result.data();
  let differ = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== counts[i]) differ++;
  // Time whole frames including the read-back, so both devices finish the same work.
  const r = await timeitAsync(async () => await mandelbrot(dx, dy).data(), {
    number: 1,
    repeat: quick ? 1 : 5,
    quiet: true,
  });
  console.log(
    `${String(device).padEnd(18)} ${(r.best * 1e3).toFixed(1).padStart(8)} ms per frame` +
      `  (${differ} of ${values.length} counts differ from the first run)`,
  );
}
