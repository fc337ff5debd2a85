// npm run readme: rewrites the parts of README.md generated from the code (see readme-blocks.ts).
// `npm run size` rewrites the bundle table, which needs a build.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, replaceReadmeBlock } from "./project";
import { README_BLOCKS } from "./readme-blocks";

const file = join(ROOT, "README.md");
const before = readFileSync(file, "utf8");
const after = Object.entries(README_BLOCKS).reduce(
  (readme, [name, render]) => replaceReadmeBlock(readme, name, render()),
  before,
);
writeFileSync(file, after);
console.log(after === before ? "README.md is up to date." : `README.md: rewrote ${Object.keys(README_BLOCKS).join(", ")}.`);
