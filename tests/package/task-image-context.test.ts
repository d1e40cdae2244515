/**
 * The change task's image is pushed under an immutable tag, so its build context and its tag must
 * change together, and only when the image would: a change anywhere outside the task's sources (a
 * Lambda handler, a component, the stack config that `pulumi config set` writes) changes neither,
 * and a change to a file the task's bundle is built from changes both.
 *
 * The sources are edited in a copy of the package in a temporary folder (its node_modules linked
 * to this one's), never in this working tree: taskImageContext is loaded from the copy, so it finds
 * the copy's functions/ as its package root. It copies the package and bundles the task five times,
 * so it is one of the package suites (`npm run test:package`, run by CI after `npm test`).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

type TaskImage = typeof import("../../components/compute/task-image");
type Bundler = typeof import("../../components/compute/function-bundle");

const ROOT = path.resolve(__dirname, "..", "..");

let copy: string;
let taskImage: TaskImage;
let bundler: Bundler;

beforeAll(async () => {
  copy = fs.mkdtempSync(path.join(os.tmpdir(), "task-image-"));
  for (const entry of [
    "package.json",
    "Pulumi.yaml",
    "Pulumi.primary.yaml",
    "components",
    "functions",
    "policy/baseline",
  ])
    fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
  taskImage = (await import(path.join(copy, "components", "compute", "task-image.ts"))) as TaskImage;
  bundler = (await import(path.join(copy, "components", "compute", "function-bundle.ts"))) as Bundler;
}, 60_000);

afterAll(() => {
  if (copy) fs.rmSync(copy, { recursive: true, force: true });
});

/** The change task's context, built afresh from the copy's sources (no bundle cache). */
function build() {
  bundler.clearBundleMemory();
  const contextsDir = path.join(copy, "contexts");
  const result = taskImage.taskImageContext("change-task", { cacheDir: false, contextsDir });
  const dir = path.resolve(process.cwd(), result.context);
  const files = Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]));
  return { ...result, dir, files };
}

const edit = (file: string, change: (text: string) => string) => {
  const full = path.join(copy, file);
  fs.writeFileSync(full, change(fs.existsSync(full) ? fs.readFileSync(full, "utf8") : ""));
};

describe("the change task's image context and tag", () => {
  // Each case starts from the build the case before it ended with: the copy has not changed since.
  let current: ReturnType<typeof build>;

  it("load from the copy, whose package root is the copy", () => {
    current = build();
    expect(current.dir.startsWith(path.join(copy, "contexts"))).toBe(true);
    expect(Object.keys(current.files).sort()).toEqual(["Dockerfile", "main.js", "main.js.map"]);
    expect(current.tag).toMatch(/^[0-9a-f]{16}$/);
  }, 60_000);

  it("change neither when files outside the task's sources change", () => {
    const before = current;
    edit("functions/consumer/handler.ts", (t) => `${t}\n// an unrelated change to another function\n`);
    edit("components/ingestion/pipeline.ts", (t) => `${t}\n// an unrelated change to a component\n`);
    edit("Pulumi.primary.yaml", (t) => `${t}  twin-region:tags: '{"team":"data"}'\n`);
    edit("functions/unrelated-note.md", () => "a new file beside the task's folder\n");
    edit("functions/change-task/README.md", () => "a file in the task's folder that its bundle does not read\n");
    const after = (current = build());
    expect(after.tag).toBe(before.tag);
    expect(after.context).toBe(before.context);
    expect(after.files).toEqual(before.files);
  }, 60_000);

  it("change, together, when a file the task's bundle is built from changes: a shared module it imports, then its own main", () => {
    const before = current;
    edit("functions/shared/retry.ts", (t) => `${t}\nconsole.log("task image test: a changed shared module");\n`);
    const shared = build();
    expect(shared.tag).not.toBe(before.tag);
    expect(shared.context).not.toBe(before.context);
    expect(shared.context.endsWith(shared.tag)).toBe(true);
    expect(shared.files["main.js"]).toContain("task image test: a changed shared module");
    expect(shared.files["Dockerfile"]).toBe(before.files["Dockerfile"]);

    edit("functions/change-task/main.ts", (t) => `${t}\nconsole.log("task image test: a changed main");\n`);
    const main = (current = build());
    expect(main.tag).not.toBe(shared.tag);
    expect(main.context).not.toBe(shared.context);
    expect(main.files["main.js"]).toContain("task image test: a changed main");
  }, 60_000);

  it("change, together, when the task's Dockerfile changes", () => {
    const before = current;
    edit("functions/change-task/Dockerfile", (t) =>
      t.replace("NODE_ENV=production", "NODE_ENV=production \\\n    TZ=UTC"),
    );
    const after = build();
    expect(after.tag).not.toBe(before.tag);
    expect(after.context).not.toBe(before.context);
    expect(after.files["Dockerfile"]).toContain("TZ=UTC");
    expect(after.files["main.js"]).toBe(before.files["main.js"]);
  }, 60_000);
});
