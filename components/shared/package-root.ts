import * as fs from "node:fs";
import * as path from "node:path";

let cached: string | undefined;

/**
 * The folder of this package (where its package.json says "twin-region"), found by walking up
 * from this file: it works from the sources, from `npm start`'s bundle under .plan/, and when
 * the components are installed as a dependency.
 */
export function packageRoot(): string {
  if (cached) return cached;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === "twin-region")
      return (cached = dir);
    if (path.dirname(dir) === dir)
      throw new Error(`twin-region: no package.json named "twin-region" above ${__dirname}`);
  }
}
