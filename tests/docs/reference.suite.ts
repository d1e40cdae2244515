/**
 * The component reference in README.md ("Components") is what offline/component-reference.ts
 * generates from the components' TSDoc: every block current, one block per exported component,
 * and no row silently dropped. Run `npm run docs` after changing a component's args, outputs,
 * methods, metric ids or their TSDoc.
 *
 * One of the suites that tests/typescript.test.ts runs in one worker (they share what TypeScript parsed).
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import {
  collectComponents,
  componentModules,
  readReferenceBlocks,
  renderReferenceBlocks,
  updateReadme,
  type ComponentReference,
  type ReadmeBlock,
} from "../../offline/component-reference";

const ROOT = path.resolve(__dirname, "..", "..");

let reference: ComponentReference;
let generated: Map<string, string>;
let readme: ReadmeBlock[];

beforeAll(() => {
  reference = collectComponents(ROOT);
  generated = renderReferenceBlocks(reference);
  readme = readReferenceBlocks(readFileSync(path.join(ROOT, "README.md"), "utf8"));
});

const has = (node: ts.Node, kind: ts.SyntaxKind) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);

/**
 * The component classes and their members as the source spells them, read without the type
 * checker (one file at a time): an independent count of what the generated blocks must list.
 */
function declaredComponents(): Map<string, { requiredArgs: string[]; outputs: string[]; methods: string[] }> {
  const classes = new Map<string, { base: string; decl: ts.ClassDeclaration; file: ts.SourceFile }>();
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  const files = new Map<string, ts.SourceFile>();
  const parse = (name: string) => {
    if (!files.has(name))
      files.set(name, ts.createSourceFile(name, readFileSync(name, "utf8"), ts.ScriptTarget.Latest, true));
    return files.get(name)!;
  };
  /** The names a module file exports: its own declarations, named re-exports and `export *` (followed). */
  const exportedNames = (name: string, seen = new Set<string>()): string[] => {
    if (seen.has(name)) return [];
    seen.add(name);
    return parse(name).statements.flatMap((s): string[] => {
      if (ts.isClassDeclaration(s) && s.name && has(s, ts.SyntaxKind.ExportKeyword)) return [s.name.text];
      if (!ts.isExportDeclaration(s) || !s.moduleSpecifier || !ts.isStringLiteral(s.moduleSpecifier)) return [];
      if (s.exportClause && ts.isNamedExports(s.exportClause))
        return s.exportClause.elements.map((e) => (e.propertyName ?? e.name).getText());
      const target = path.resolve(path.dirname(name), s.moduleSpecifier.text);
      const resolved = [`${target}.ts`, path.join(target, "index.ts")].find((f) => existsSync(f));
      return resolved && !s.exportClause ? exportedNames(resolved, seen) : [];
    });
  };
  for (const module of componentModules(ROOT)) {
    const dir = path.join(ROOT, "components", module);
    for (const name of ts.sys.readDirectory(dir, [".ts"])) {
      const file = parse(name);
      for (const s of file.statements) {
        if (ts.isClassDeclaration(s) && s.name && has(s, ts.SyntaxKind.ExportKeyword)) {
          const base = s.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
          if (base) classes.set(s.name.text, { base: base.expression.getText(file), decl: s, file });
        }
        if (ts.isInterfaceDeclaration(s)) interfaces.set(s.name.text, s);
      }
    }
  }
  const isComponent = (name: string): boolean => {
    const base = classes.get(name)?.base;
    return base === "pulumi.ComponentResource" || (base !== undefined && isComponent(base));
  };
  const exported = new Set(
    componentModules(ROOT).flatMap((module) => exportedNames(path.join(ROOT, "components", module, "index.ts"))),
  );
  const result = new Map<string, { requiredArgs: string[]; outputs: string[]; methods: string[] }>();
  for (const [name, { decl, file }] of classes) {
    if (!isComponent(name) || !exported.has(name)) continue;
    const ctor = decl.members.find(ts.isConstructorDeclaration);
    const argsType = ctor?.parameters[1]?.type;
    const argsInterface =
      argsType && ts.isTypeReferenceNode(argsType) ? interfaces.get(argsType.typeName.getText(file)) : undefined;
    const publicMember = (m: ts.ClassElement) =>
      ![ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.ProtectedKeyword, ts.SyntaxKind.StaticKeyword].some((k) =>
        has(m, k),
      ) && !(m.name && ts.isPrivateIdentifier(m.name));
    result.set(name, {
      // Own properties of a plain interface only: inherited ones are the checker's to find.
      requiredArgs: (argsInterface?.members ?? []).flatMap((m) =>
        ts.isPropertySignature(m) && !m.questionToken ? [m.name.getText(file)] : [],
      ),
      outputs: decl.members
        .filter(
          (m): m is ts.PropertyDeclaration =>
            ts.isPropertyDeclaration(m) && publicMember(m) && has(m, ts.SyntaxKind.ReadonlyKeyword),
        )
        .map((m) => m.name.getText(file)),
      methods: decl.members
        .filter((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && publicMember(m))
        .map((m) => m.name.getText(file)),
    });
  }
  return result;
}

describe("README.md component reference", () => {
  it("every block is what `npm run docs` generates from the TSDoc", () => {
    const stale = readme.find((b) => generated.has(b.name) && generated.get(b.name) !== b.content);
    if (stale) {
      expect.fail(`README.md: the reference of ${stale.name} is out of date with its TSDoc: run npm run docs`);
    }
  });

  it("has a block for every exported component, and no block for anything else", () => {
    const names = readme.map((b) => b.name);
    const missing = [...generated.keys()].filter((name) => !names.includes(name));
    const unknown = names.filter((name) => !generated.has(name));
    expect(missing, "components without a <!-- reference:begin Name --> block in README.md").toEqual([]);
    expect(unknown, "README.md blocks that name no exported component").toEqual([]);
  });

  it("finds the components the source declares (read without the type checker)", () => {
    const declared = [...declaredComponents().keys()].sort();
    expect(declared).toContain("IngestionPipeline");
    expect(reference.components.map((c) => c.name).sort()).toEqual(declared);
  });

  it("lists every required arg, output and method the source declares", () => {
    const declared = declaredComponents();
    const pipeline = declared.get("IngestionPipeline");
    expect(pipeline?.requiredArgs.length).toBeGreaterThan(3);
    expect(pipeline?.outputs.length).toBeGreaterThan(10);
    for (const [name, { requiredArgs, outputs, methods }] of declared) {
      const block = generated.get(name) ?? "";
      for (const arg of requiredArgs) expect(block, `${name}: arg ${arg}`).toContain(`| \`${arg}\` |`);
      for (const output of outputs)
        expect(block, `${name}: output ${output}`).toMatch(new RegExp(`\\| \`${output}\` \\| \`[^\\n]*\\n`));
      for (const method of methods)
        expect(block, `${name}: method ${method}`).toMatch(new RegExp(`\\| \`${method}(<[^(]*>)?\\(`));
    }
  });

  it("marks required args and takes defaults from @default", () => {
    const pipeline = generated.get("IngestionPipeline")!;
    expect(pipeline).toContain("**`IngestionPipeline`** · `twin-region:ingestion:IngestionPipeline`");
    expect(pipeline).toMatch(/\| `kmsKeyArn` \| `Input<string>` \| \(required\) \| /);
    const args = reference.components.find((c) => c.name === "IngestionPipeline")!.args;
    expect(args.some((a) => !a.required && a.default !== undefined)).toBe(true);
    for (const a of args) {
      const row = pipeline.split("\n").find((line) => line.startsWith(`| \`${a.name}\` |`)) ?? "";
      if (a.required && a.default === undefined) expect(row, a.name).toContain(" | (required) | ");
      else expect(row, a.name).not.toMatch(/ \| (\(required\)|none) \| /);
    }
  });

  it("rewrites the blocks in place and leaves the rest of the README alone", () => {
    const text = "intro\n\n<!-- reference:begin AlarmSet -->\nold\n<!-- reference:end AlarmSet -->\n\noutro\n";
    const updated = updateReadme(text, generated);
    expect(updated.text.startsWith("intro\n\n<!-- reference:begin AlarmSet -->\n<!-- Generated")).toBe(true);
    expect(updated.text.endsWith("<!-- reference:end AlarmSet -->\n\noutro\n")).toBe(true);
    expect(updateReadme(updated.text, generated).text).toBe(updated.text);
    expect(updated.missing).toContain("IngestionPipeline");
    expect(() => readReferenceBlocks("<!-- reference:begin A -->\n")).toThrow(/without its reference:end/);
  });
});

describe("the reference generator", () => {
  // A fixture module with what the components do not all have yet: metric ids, inherited args.
  const fixture = () =>
    renderReferenceBlocks(
      collectComponents(path.join(__dirname, "fixtures", "reference"), { tsconfig: path.join(ROOT, "tsconfig.json") }),
    );

  it("reads inherited args, presets, generics, metric ids and Markdown-sensitive prose", () => {
    const blocks = fixture();
    expect([...blocks.keys()]).toEqual(["Demo", "DemoPreset"]);
    const demo = blocks.get("Demo")!;
    expect(demo).toContain("| `label` | `Input<string>` | (required) | The label, as `<prefix>-*`. |");
    expect(demo).toContain('| `mode` | `DemoMode = "fast" \\| "safe"` | `"safe"` (the careful one) | How to run. |');
    expect(demo).toContain("| `nested` | `{ enabled: boolean }` | none |  |");
    expect(demo).toContain("| `retentionDays` | `number` | `7` | Days to keep things \\| a pipe in prose. |");
    expect(demo).not.toContain("second paragraph");
    expect(demo).toContain(
      "| `metrics<P extends string>(prefix: P, extra?: number): string[]` | The ids of its signals. |",
    );
    expect(demo).not.toMatch(/secret|helper/);
    expect(demo).toContain("Metric ids (`DemoMetricId`): `demo-queue-depth`, `demo-errors`, `demo-age`.");

    const preset = blocks.get("DemoPreset")!;
    expect(preset).toContain("**`DemoPreset`** · `twin-region:demo:Demo`");
    expect(preset).toContain("| `retentionDays` |");
    expect(preset).not.toContain("| `mode` | `DemoMode = ");
    expect(preset).toContain("| `mode` | `DemoMode` |  |");
    expect(preset).toContain(
      "Metric ids (`DemoPresetMetricId`): `zeta`, `alpha`, `demo-queue-depth`, `demo-errors`, `demo-age`.",
    );
  });
});
