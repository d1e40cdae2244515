/** `npm run docs`: regenerates the rule catalog. (The architecture diagram comes from `npm run diagram`.) */
import * as fs from "node:fs";
import * as path from "node:path";
import { renderRuleCatalog } from "./policy-catalog";
import { PROJECT_ROOT } from "./stack-files";

const file = path.join(PROJECT_ROOT, "docs", "policy-rules.md");
fs.writeFileSync(file, renderRuleCatalog());
console.log(`Wrote ${path.relative(PROJECT_ROOT, file)}`);
