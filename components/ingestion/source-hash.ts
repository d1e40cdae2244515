import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/** A short content hash of files and folders, for image tags that change exactly when the code does. */
export function sourceHash(root: string, entries: string[]): string {
  const hash = createHash("sha256");
  const visit = (rel: string) => {
    const full = path.join(root, rel);
    const stat = fs.statSync(full);
    if (stat.isDirectory()) {
      for (const child of fs.readdirSync(full).sort()) visit(path.join(rel, child));
    } else {
      hash.update(rel).update("\0").update(fs.readFileSync(full)).update("\0");
    }
  };
  for (const entry of [...entries].sort()) visit(entry);
  return hash.digest("hex").slice(0, 16);
}
