/**
 * `npm run docs`: regenerates the rule catalog (docs/policy-rules.md), the recovery figures and
 * worked examples (docs/recovery.md, offline/recovery/document.ts) and the component reference
 * blocks in README.md (offline/component-reference.ts). (The architecture diagram comes from
 * `npm run diagram`.) `npx tsx offline/write-docs.ts --gaps` also lists the args, outputs and
 * methods whose TSDoc leaves a reference cell empty.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  beginMarker,
  collectComponents,
  endMarker,
  renderReferenceBlocks,
  updateReadme,
  type DocGap,
} from "./component-reference";
import { renderRuleCatalog } from "./policy-catalog";
import { renderRecoveryDoc } from "./recovery/document";
import { packageRoot } from "../components/shared/package-root";

const PROJECT_ROOT = packageRoot();

const file = path.join(PROJECT_ROOT, "docs", "policy-rules.md");
fs.writeFileSync(file, renderRuleCatalog());
console.log(`Wrote ${path.relative(PROJECT_ROOT, file)}`);

const recoveryFile = path.join(PROJECT_ROOT, "docs", "recovery.md");
fs.writeFileSync(recoveryFile, renderRecoveryDoc());
console.log(`Wrote ${path.relative(PROJECT_ROOT, recoveryFile)}`);

const reference = collectComponents(PROJECT_ROOT);
const readmeFile = path.join(PROJECT_ROOT, "README.md");
const readme = fs.readFileSync(readmeFile, "utf8");
const { text, missing, unknown } = updateReadme(readme, renderReferenceBlocks(reference));
if (text !== readme) fs.writeFileSync(readmeFile, text);
console.log(
  `${text === readme ? "README.md is current" : "Wrote README.md"}: the reference of ${reference.components.length - missing.length} components (read their TSDoc in ${(reference.millis / 1000).toFixed(1)} s)`,
);

// A gap an inherited arg shares with its base component is listed once.
const gaps: DocGap[] = [];
for (const g of reference.gaps) {
  if (!gaps.some((h) => h.file === g.file && h.line === g.line && h.kind === g.kind)) gaps.push(g);
}
if (process.argv.includes("--gaps")) {
  for (const g of gaps) console.log(`  ${g.file}:${g.line}  ${g.component}.${g.member}: ${g.kind}`);
} else if (gaps.length > 0) {
  console.log(`${gaps.length} members leave a reference cell empty (npx tsx offline/write-docs.ts --gaps lists them)`);
}

for (const name of missing) {
  const module = reference.components.find((c) => c.name === name)?.module;
  console.error(
    `README.md has no reference block for ${name} (components/${module}): add the lines "${beginMarker(name)}" and "${endMarker(name)}" where it belongs in "## Components", then run npm run docs`,
  );
}
for (const name of unknown) {
  console.error(
    `README.md has a reference block for ${name}, which no components/<module>/index.ts exports as a component`,
  );
}
if (missing.length > 0 || unknown.length > 0) process.exitCode = 1;
