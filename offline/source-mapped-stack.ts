/**
 * An error's stack in terms of the TypeScript sources, computed only when the error is reported.
 *
 * The plan processes run without `--enable-source-maps`: with it, Node reads the map of every
 * module it loads (@pulumi/aws's included) and maps every stack Pulumi captures for its own
 * bookkeeping, which made a plan about 40% slower. Instead, a reported stack's frames in the
 * project's bundles (.plan/build/*.js, which carry linked maps) are mapped here, from the maps on disk.
 */
import * as fs from "node:fs";
import { SourceMap } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const maps = new Map<string, SourceMap | undefined>();

function mapOf(file: string): SourceMap | undefined {
  if (!maps.has(file)) {
    let map: SourceMap | undefined;
    try {
      map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, "utf8")));
    } catch {
      map = undefined;
    }
    maps.set(file, map);
  }
  return maps.get(file);
}

// "    at fn (/abs/file.js:12:34)" or "    at /abs/file.js:12:34"
const FRAME = /^(\s+at (?:.*? \()?)(\/[^():]+\.js):(\d+):(\d+)(\)?)$/;

/** Rewrites the frames of files with a linked source map (outside node_modules) to their original file, line and column. */
export function sourceMappedStack(stack: string): string {
  return stack
    .split("\n")
    .map((line) => {
      const m = FRAME.exec(line);
      if (!m || m[2]!.includes(`${path.sep}node_modules${path.sep}`)) return line;
      const [, head, file, lineNo, column, tail] = m;
      const entry = mapOf(file!)?.findEntry(Number(lineNo) - 1, Number(column) - 1) as
        { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
      if (!entry?.originalSource) return line;
      const original = entry.originalSource;
      const source = original.startsWith("file:")
        ? fileURLToPath(original)
        : path.resolve(path.dirname(file!), original);
      return `${head}${source}:${entry.originalLine! + 1}:${entry.originalColumn! + 1}${tail}`;
    })
    .join("\n");
}
