/** Importing this module attaches every primitive's JVP, transpose and batching rules. */

import "./elementwise.ts";
import "./shape_ops.ts";
import "./reductions.ts";
import "./dot.ts";
import "./indexing.ts";
import "./sort.ts";
import "./random.ts";
