import { registerFixtures } from "./fixture_runner.ts";

await registerFixtures("manipulation");
