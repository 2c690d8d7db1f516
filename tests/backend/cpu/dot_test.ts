/** dot_general CPU kernel against numpy (batch, free and contracting axes in any order). */

import { registerCases } from "./fixture_cases.ts";

registerCases("dot", (p) => p === "dot_general");
