/** The table of primitives that run their own kernels (not fused elementwise). */

import type { SpecialPlanner } from "../plan.ts";
import { planArgReduce, planCopy, planCumulative, planReduce } from "./reduce.ts";
import { planDot } from "./matmul.ts";
import { planScatter } from "./scatter.ts";
import { planSort } from "./sort.ts";
import { CUMULATIVE_NAMES, REDUCTION_NAMES } from "../../../lax/prims/reductions.ts";

export const SPECIALS: Record<string, SpecialPlanner> = {
  dot_general: (pc, [l, r], p, _i, [o], [slot], epi) => planDot(pc, l, r, p, o, slot, epi?.[0]),
  argmax: (pc, [x], p, _i, [o], [slot]) => planArgReduce(pc, "argmax", x, p, o, slot),
  argmin: (pc, [x], p, _i, [o], [slot]) => planArgReduce(pc, "argmin", x, p, o, slot),
  sort: (pc, ins, p, inAvals, _o, slots) => planSort(pc, ins, p, inAvals, slots),
};

for (const name of ["scatter", "scatter-add", "scatter-mul", "scatter-min", "scatter-max"]) {
  SPECIALS[name] = (pc, ins, p, inAvals, _o, [slot]) =>
    planScatter(pc, name, ins, p, inAvals, slot);
}

for (const name of REDUCTION_NAMES) {
  SPECIALS[name] = (pc, [x], p, _i, [o], [slot], epi) => {
    const axes = p.axes as number[];
    if (axes.length === 0) return planCopy(pc, x, slot);
    planReduce(pc, name, x, axes, o, slot, epi?.[0]);
  };
}
for (const name of CUMULATIVE_NAMES) {
  SPECIALS[name] = (pc, [x], p, _i, [o], [slot]) => planCumulative(pc, name, x, p, o, slot);
}
