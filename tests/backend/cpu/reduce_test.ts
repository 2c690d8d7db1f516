/** Reductions, argmax/argmin and cumulative CPU kernels against numpy, via fixtures. */

import { registerCases } from "./fixture_cases.ts";

registerCases("reduce", (p) => /^(reduce_|arg|cum)/.test(p));
