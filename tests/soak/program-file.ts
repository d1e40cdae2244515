/**
 * A program the soak runs from disk (an emulator host, a Lambda bundle, the change task), written
 * once per process into the project's cache folder, where the packages a bundle leaves external
 * resolve. Written whole, then renamed: runs may overlap, and the same name always holds the same
 * sources' build.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const DIR = path.resolve(__dirname, "..", "..", "node_modules", ".cache", "twin-region-soak");
const written = new Map<string, string>();

/** The file `name` (a CommonJS program: give it a .cjs name), built by `code` the first time it is asked for. */
export function programFile(name: string, code: () => string | Uint8Array): string {
  let file = written.get(name);
  if (!file) {
    fs.mkdirSync(DIR, { recursive: true });
    file = path.join(DIR, name);
    const partial = `${file}.${process.pid}`;
    fs.writeFileSync(partial, code());
    fs.renameSync(partial, file);
    written.set(name, file);
  }
  return file;
}
