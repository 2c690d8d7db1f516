/** Importing this module attaches every primitive's JVP, transpose and batching rules. */

import "./elementwise.ts";
