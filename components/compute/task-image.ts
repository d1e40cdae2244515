import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { packageRoot } from "../shared/package-root";
import { bundleProgram, type BundleOptions, type ProgramName } from "./function-bundle";

/** Where a container program's image is built from. */
export interface TaskImageContext {
  /** The build context: a folder holding exactly the program's bundle and its Dockerfile. */
  context: string;
  /** Its Dockerfile. */
  dockerfile: string;
  /** A hash of everything in the context: the image's (immutable) tag changes exactly when the image would. */
  tag: string;
}

export interface TaskImageOptions extends BundleOptions {
  /**
   * Folder that holds the contexts, one sub-folder per content hash.
   * @default node_modules/.cache/twin-region-images of the working directory (the Pulumi project)
   */
  contextsDir?: string;
}

/**
 * The build context of a container program of functions/ (the Fargate change task): its esbuild
 * bundle (`main.js`, `main.js.map`, the AWS SDK inside, as for the Lambda assets) beside the
 * runtime-only Dockerfile of its folder (`functions/<name>/Dockerfile`), in a folder of its own
 * named by the hash of that content. Nothing else is in the context, so a change anywhere else in
 * the project (or in the consumer's) changes neither the context nor the tag, and nothing is read
 * from outside this package. The context path is relative to the working directory, so plans on
 * two machines agree.
 */
export function taskImageContext(name: ProgramName, options: TaskImageOptions = {}): TaskImageContext {
  const bundle = bundleProgram(name, options);
  const dockerfile = fs.readFileSync(path.join(packageRoot(), "functions", name, "Dockerfile"));
  const files: Record<string, string | Buffer> = {
    Dockerfile: dockerfile,
    "main.js": bundle.code,
    "main.js.map": bundle.sourceMap,
  };
  const hash = createHash("sha256");
  for (const [file, content] of Object.entries(files)) hash.update(file).update("\0").update(content).update("\0");
  const tag = hash.digest("hex").slice(0, 16);
  const contextsDir = options.contextsDir ?? path.join(process.cwd(), "node_modules", ".cache", "twin-region-images");
  const dir = path.join(contextsDir, `${name}-${tag}`);
  if (!fs.existsSync(path.join(dir, "Dockerfile"))) {
    const temp = `${dir}.${process.pid}.tmp`;
    fs.mkdirSync(temp, { recursive: true });
    for (const [file, content] of Object.entries(files)) fs.writeFileSync(path.join(temp, file), content);
    try {
      fs.renameSync(temp, dir);
    } catch {
      // Another process wrote the same content first.
      fs.rmSync(temp, { recursive: true, force: true });
    }
  }
  const context = path.relative(process.cwd(), dir) || ".";
  return { context, dockerfile: path.join(context, "Dockerfile"), tag };
}
