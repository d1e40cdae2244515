/**
 * The component reference in README.md ("Components"), generated from the components' TSDoc so it
 * cannot fall behind the code. For every component class a module exports
 * (`components/<module>/index.ts`, a class extending `pulumi.ComponentResource`), a block between
 * `<!-- reference:begin <Name> -->` and `<!-- reference:end <Name> -->` with its type token, summary,
 * args (from the constructor's args interface, inherited properties included), outputs (public
 * readonly properties), public methods and, when the module (or the class's own file) exports a
 * `<Name>MetricId` union of string literals, its metric ids. `npm run docs` rewrites the blocks in
 * place; a test (tests/docs/reference.suite.ts, run by tests/typescript.test.ts) fails when one is stale.
 *
 * One TypeScript Program over the component index files, with the repository's compiler options.
 * It does not load @pulumi/aws and @pulumi/awsx (some 2,700 declaration files, 4 of the 5 seconds
 * the Program would take): the reference prints types as the source writes them and needs the
 * checker only for our own types (inherited args, aliases, metric ids) and @pulumi/pulumi's
 * ComponentResource. An args interface that extends an AWS type would lose properties, so that
 * is an error rather than a silent gap.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { libraryCompilerHost } from "./library-compiler-host";

/** Packages the reference never needs to resolve (see above). */

export interface ArgDoc {
  name: string;
  type: string;
  required: boolean;
  /** The `@default` tag's text, if any. */
  default: string | undefined;
  /** The TSDoc's first paragraph, on one line. */
  meaning: string;
  /** Where the property is declared (repository-relative file and 1-based line). */
  file: string;
  line: number;
}

export interface OutputDoc {
  name: string;
  type: string;
  meaning: string;
  file: string;
  line: number;
}

export interface MethodDoc {
  name: string;
  signature: string;
  meaning: string;
  file: string;
  line: number;
}

export interface ComponentDoc {
  name: string;
  /** The folder under components/ whose index.ts exports it. */
  module: string;
  /** `twin-region:<module>:<Name>`, from the `super(...)` call (of a base class for a preset). */
  typeToken: string;
  /** Repository-relative file of the class. */
  file: string;
  summary: string;
  /** The args interface's name, as the constructor's second parameter writes it. */
  argsName: string | undefined;
  args: ArgDoc[];
  outputs: OutputDoc[];
  methods: MethodDoc[];
  /** The `<Name>MetricId` alias and its ids, when the module exports one. */
  metricIds: { alias: string; ids: string[] } | undefined;
}

export interface DocGap {
  component: string;
  kind:
    | "arg without a description"
    | "optional arg without @default"
    | "output without a description"
    | "method without a description";
  member: string;
  file: string;
  line: number;
}

export interface ComponentReference {
  components: ComponentDoc[];
  /** Args and outputs whose TSDoc leaves a table cell empty (or says nothing about a default). */
  gaps: DocGap[];
  /** Time to build the Program and collect the model, in milliseconds. */
  millis: number;
}

/** The module folders: every `components/<module>/index.ts`, alphabetically. */
export function componentModules(root: string): string[] {
  const dir = path.join(root, "components");
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "index.ts")))
    .map((e) => e.name)
    .sort();
}

function compilerOptions(configFile: string): ts.CompilerOptions {
  const read = ts.readConfigFile(configFile, ts.sys.readFile);
  if (read.error) throw new Error(`${configFile}: ${ts.flattenDiagnosticMessageText(read.error.messageText, "\n")}`);
  // The options only: the Program's files are the component index files.
  const { options } = ts.parseJsonConfigFileContent(
    { ...read.config, include: [], files: [] },
    ts.sys,
    path.dirname(configFile),
    undefined,
    configFile,
  );
  return { ...options, noEmit: true };
}

function createProgram(root: string, modules: string[], configFile: string): ts.Program {
  const options = compilerOptions(configFile);
  const host = libraryCompilerHost(root, options);
  return ts.createProgram({
    rootNames: modules.map((m) => path.join(root, "components", m, "index.ts")),
    options,
    host,
  });
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

/** A type as the source writes it, on one line, without `pulumi.` (`pulumi.Input<string>` → `Input<string>`). */
function typeText(node: ts.TypeNode): string {
  return printer
    .printNode(ts.EmitHint.Unspecified, node, node.getSourceFile())
    .replace(/\s*\n\s*/g, " ")
    .replace(/;\s*}/g, " }")
    .replace(/\bpulumi\./g, "");
}

/** A type the source does not write (an inferred one), as the checker prints it. */
const plainType = (type: ts.Type, checker: ts.TypeChecker) => checker.typeToString(type).replace(/\bpulumi\./g, "");

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();
const firstParagraph = (s: string) => oneLine(s.trim().split(/\n\s*\n/)[0] ?? "");

function docOf(symbol: ts.Symbol, checker: ts.TypeChecker): { text: string; tags: Map<string, string> } {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker));
  const tags = new Map<string, string>();
  for (const tag of symbol.getJsDocTags(checker)) {
    if (!tags.has(tag.name)) tags.set(tag.name, oneLine(ts.displayPartsToString(tag.text)));
  }
  return { text, tags };
}

function location(root: string, node: ts.Node): { file: string; line: number } {
  const sf = node.getSourceFile();
  return {
    file: path.relative(root, sf.fileName).split(path.sep).join("/"),
    line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1,
  };
}

const isOwn = (root: string, node: ts.Node) => {
  const rel = path.relative(path.join(root, "components"), node.getSourceFile().fileName);
  return !rel.startsWith("..") && !path.isAbsolute(rel);
};

function resolveAlias(symbol: ts.Symbol, checker: ts.TypeChecker): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

const isPublicMember = (node: ts.Node) =>
  !hasModifier(node, ts.SyntaxKind.PrivateKeyword) &&
  !hasModifier(node, ts.SyntaxKind.ProtectedKeyword) &&
  !hasModifier(node, ts.SyntaxKind.StaticKeyword) &&
  !(ts.isClassElement(node) && node.name !== undefined && ts.isPrivateIdentifier(node.name));

/** The base classes of a class, nearest first. */
function baseClasses(decl: ts.ClassDeclaration, checker: ts.TypeChecker): ts.ClassDeclaration[] {
  const bases: ts.ClassDeclaration[] = [];
  let type = checker.getTypeAtLocation(decl) as ts.InterfaceType;
  for (;;) {
    const base = checker.getBaseTypes(type)[0];
    const baseDecl = base?.symbol?.declarations?.find(ts.isClassDeclaration);
    if (!base || !baseDecl) return bases;
    bases.push(baseDecl);
    type = base as ts.InterfaceType;
  }
}

function isComponentResource(decl: ts.ClassDeclaration, checker: ts.TypeChecker): boolean {
  return baseClasses(decl, checker).some(
    (b) => b.name?.text === "ComponentResource" && /[\\/]@pulumi[\\/]pulumi[\\/]/.test(b.getSourceFile().fileName),
  );
}

const constructorOf = (decl: ts.ClassDeclaration) =>
  decl.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined);

function superCall(ctor: ts.ConstructorDeclaration): ts.CallExpression | undefined {
  let found: ts.CallExpression | undefined;
  const visit = (node: ts.Node) => {
    if (found) return;
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) found = node;
    else if (!ts.isFunctionLike(node) || node === ctor) ts.forEachChild(node, visit);
  };
  visit(ctor);
  return found;
}

/** The type token of the first class in the chain whose `super(...)` names one. */
function typeTokenOf(decl: ts.ClassDeclaration, checker: ts.TypeChecker): string {
  for (const cls of [decl, ...baseClasses(decl, checker)]) {
    const ctor = constructorOf(cls);
    const first = ctor && superCall(ctor)?.arguments[0];
    if (first && ts.isStringLiteralLike(first)) return first.text;
  }
  throw new Error(`${decl.name?.text}: no super("twin-region:<module>:<Name>", ...) call in its class chain`);
}

/** The string (and number) literals a type's source spells out, in source order: the order of its ids. */
function literalsInSourceOrder(start: ts.Node, checker: ts.TypeChecker): string[] {
  const seen = new Set<ts.Node>();
  const out: string[] = [];
  const visitDeclarationOf = (symbol: ts.Symbol | undefined) => {
    if (!symbol) return;
    const s = resolveAlias(symbol, checker);
    for (const d of s.declarations ?? []) visit(d);
  };
  const visit = (node: ts.Node): void => {
    if (seen.has(node)) return;
    seen.add(node);
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isNumericLiteral(node)) {
      out.push(node.text);
    } else if (ts.isTemplateLiteralTypeNode(node)) {
      out.push(templateText(node.getText()));
    } else if (ts.isTypeQueryNode(node)) {
      visitDeclarationOf(
        checker.getSymbolAtLocation(ts.isQualifiedName(node.exprName) ? node.exprName.right : node.exprName),
      );
    } else if (ts.isTypeReferenceNode(node)) {
      visitDeclarationOf(
        checker.getSymbolAtLocation(ts.isQualifiedName(node.typeName) ? node.typeName.right : node.typeName),
      );
      node.typeArguments?.forEach(visit);
    } else {
      ts.forEachChild(node, visit);
    }
  };
  visit(start);
  return out;
}

/** A template literal type as an id pattern: `${P}-errors` → `<P>-errors`. */
const templateText = (text: string) => text.replace(/^`|`$/g, "").replace(/\$\{\s*([^}]*?)\s*\}/g, "<$1>");

/**
 * The members of a union of literals (string, number, or template literal types such as
 * `${P}-errors`), in source order; undefined when the type is anything else.
 */
function literalUnion(
  type: ts.Type,
  source: ts.Node,
  checker: ts.TypeChecker,
): { value: string; code: string }[] | undefined {
  const members = type.isUnion() ? type.types : [type];
  const values: { value: string; code: string }[] = [];
  for (const t of members) {
    if (t.isStringLiteral()) values.push({ value: t.value, code: JSON.stringify(t.value) });
    else if (t.isNumberLiteral()) values.push({ value: String(t.value), code: String(t.value) });
    else if (t.flags & ts.TypeFlags.TemplateLiteral) {
      const text = checker.typeToString(t);
      values.push({ value: templateText(text), code: text });
    } else return undefined;
  }
  const order = literalsInSourceOrder(source, checker);
  const rank = (v: string) => {
    const i = order.indexOf(v);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return values.sort((a, b) => rank(a.value) - rank(b.value) || a.value.localeCompare(b.value));
}

/** Named literal unions are shown with their members up to this many (`NatStrategy = "perAz" | "single"`). */
const MAX_EXPANDED_LITERALS = 10;

/** The type cell: as the source writes it, plus the members of a named union of literals. */
function argType(node: ts.TypeNode | undefined, checker: ts.TypeChecker, fallback: ts.Type): string {
  if (!node) return plainType(fallback, checker);
  const written = typeText(node);
  if (ts.isTypeReferenceNode(node) && !node.typeArguments) {
    const literals = literalUnion(checker.getTypeFromTypeNode(node), node, checker);
    if (literals && literals.length > 1 && literals.length <= MAX_EXPANDED_LITERALS)
      return `${written} = ${literals.map((l) => l.code).join(" | ")}`;
  }
  return written;
}

/** Properties an args interface inherits from a type the Program does not load would be missing: refuse. */
function assertResolvedHeritage(
  decl: ts.Declaration,
  checker: ts.TypeChecker,
  argsName: string,
  seen = new Set<ts.Node>(),
) {
  if (!ts.isInterfaceDeclaration(decl) || seen.has(decl)) return;
  seen.add(decl);
  for (const clause of decl.heritageClauses ?? []) {
    for (const t of clause.types) {
      const type = checker.getTypeAtLocation(t);
      if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
        throw new Error(
          `${argsName} extends ${t.getText()}, which the reference does not resolve (offline/library-compiler-host.ts, UNRESOLVED_PACKAGES)`,
        );
      }
      for (const d of type.symbol?.declarations ?? []) assertResolvedHeritage(d, checker, argsName, seen);
      for (const arg of t.typeArguments ?? []) {
        for (const d of checker.getTypeAtLocation(arg).symbol?.declarations ?? [])
          assertResolvedHeritage(d, checker, argsName, seen);
      }
    }
  }
}

function collectArgs(
  root: string,
  decl: ts.ClassDeclaration,
  checker: ts.TypeChecker,
): { argsName: string | undefined; args: ArgDoc[] } {
  const ctor = [decl, ...baseClasses(decl, checker)].map(constructorOf).find((c) => c !== undefined);
  const param = ctor?.parameters[1];
  if (!param) return { argsName: undefined, args: [] };
  const argsName = param.type ? typeText(param.type) : undefined;
  const type = checker.getNonNullableType(checker.getTypeAtLocation(param));
  for (const d of type.symbol?.declarations ?? []) assertResolvedHeritage(d, checker, argsName ?? "args");
  const args = checker.getPropertiesOfType(type).map((prop): ArgDoc => {
    const propDecl = prop.declarations?.[0];
    if (!propDecl) throw new Error(`${argsName}.${prop.name}: no declaration`);
    const { text, tags } = docOf(prop, checker);
    const typeNode = ts.isPropertySignature(propDecl) || ts.isPropertyDeclaration(propDecl) ? propDecl.type : undefined;
    return {
      name: prop.name,
      type: argType(typeNode, checker, checker.getTypeOfSymbol(prop)),
      required: (prop.flags & ts.SymbolFlags.Optional) === 0,
      default: tags.get("default"),
      meaning: firstParagraph(text),
      ...location(root, propDecl),
    };
  });
  return { argsName, args };
}

function collectMembers(
  root: string,
  decl: ts.ClassDeclaration,
  checker: ts.TypeChecker,
): { outputs: OutputDoc[]; methods: MethodDoc[] } {
  const instance = checker.getTypeAtLocation(decl);
  const outputs: OutputDoc[] = [];
  const methods: MethodDoc[] = [];
  for (const prop of checker.getPropertiesOfType(instance)) {
    const member = prop.declarations?.[0];
    if (!member || !isOwn(root, member) || !isPublicMember(member)) continue;
    const meaning = firstParagraph(docOf(prop, checker).text);
    if (
      (ts.isPropertyDeclaration(member) && hasModifier(member, ts.SyntaxKind.ReadonlyKeyword)) ||
      ts.isGetAccessorDeclaration(member)
    ) {
      const type = member.type ? typeText(member.type) : plainType(checker.getTypeOfSymbol(prop), checker);
      outputs.push({ name: prop.name, type, meaning, ...location(root, member) });
    } else if (ts.isMethodDeclaration(member)) {
      methods.push({ name: prop.name, signature: signatureOf(member, checker), meaning, ...location(root, member) });
    }
  }
  return { outputs, methods };
}

function signatureOf(method: ts.MethodDeclaration, checker: ts.TypeChecker): string {
  const params = method.parameters.map((p) => {
    const optional = p.questionToken !== undefined || p.initializer !== undefined;
    const type = p.type ? typeText(p.type) : plainType(checker.getTypeAtLocation(p), checker);
    return `${p.dotDotDotToken ? "..." : ""}${p.name.getText()}${optional ? "?" : ""}: ${type}`;
  });
  const signature = checker.getSignatureFromDeclaration(method);
  const returns = method.type
    ? typeText(method.type)
    : signature
      ? plainType(checker.getReturnTypeOfSignature(signature), checker)
      : "void";
  const typeParams = method.typeParameters?.length
    ? `<${method.typeParameters.map((t) => printer.printNode(ts.EmitHint.Unspecified, t, t.getSourceFile())).join(", ")}>`
    : "";
  return `${method.name.getText()}${typeParams}(${params.join(", ")}): ${returns}`;
}

/** What a source file exports (where a component's `<Name>MetricId` lives when the index does not re-export it yet). */
function fileExports(sf: ts.SourceFile, checker: ts.TypeChecker): ts.Symbol[] {
  const symbol = checker.getSymbolAtLocation(sf);
  return symbol ? checker.getExportsOfModule(symbol) : [];
}

function collectMetricIds(
  name: string,
  exports: ts.Symbol[],
  checker: ts.TypeChecker,
): { alias: string; ids: string[] } | undefined {
  const alias = `${name}MetricId`;
  const exported = exports.find((e) => e.name === alias);
  if (!exported) return undefined;
  const symbol = resolveAlias(exported, checker);
  const decl = symbol.declarations?.find(ts.isTypeAliasDeclaration);
  if (!decl) throw new Error(`${alias}: exported, but not as a type alias`);
  const type = checker.getTypeAtLocation(decl.name);
  const literals = literalUnion(type, decl.type, checker);
  if (!literals || (type.isUnion() ? type.types : [type]).some((t) => t.isNumberLiteral()))
    throw new Error(`${alias}: expected a union of string literals, got ${checker.typeToString(type)}`);
  const ids = literals.map((l) => l.value);
  return { alias, ids };
}

/**
 * Collects the reference of every component the modules under `<root>/components` export, in
 * module order, then export order. `tsconfig` gives the compiler options (the root's by default).
 */
export function collectComponents(
  root: string,
  { tsconfig = path.join(root, "tsconfig.json") }: { tsconfig?: string } = {},
): ComponentReference {
  const started = performance.now();
  const modules = componentModules(root);
  const program = createProgram(root, modules, tsconfig);
  const checker = program.getTypeChecker();
  const components: ComponentDoc[] = [];
  const gaps: DocGap[] = [];
  const done = new Set<ts.Symbol>();

  for (const module of modules) {
    const indexFile = path.join(root, "components", module, "index.ts");
    const sf = program.getSourceFile(indexFile);
    const moduleSymbol = sf && checker.getSymbolAtLocation(sf);
    if (!moduleSymbol) throw new Error(`components/${module}/index.ts: not a module`);
    const exports = checker.getExportsOfModule(moduleSymbol);
    for (const exported of exports) {
      const symbol = resolveAlias(exported, checker);
      const decl = symbol.declarations?.find(ts.isClassDeclaration);
      if (!decl || done.has(symbol) || !isOwn(root, decl) || !isComponentResource(decl, checker)) continue;
      // A class re-exported by another module belongs to the module whose folder declares it.
      const home = path.relative(path.join(root, "components"), decl.getSourceFile().fileName).split(path.sep)[0];
      if (home !== module && modules.includes(home!)) continue;
      done.add(symbol);

      const name = symbol.name;
      const { argsName, args } = collectArgs(root, decl, checker);
      const { outputs, methods } = collectMembers(root, decl, checker);
      const component: ComponentDoc = {
        name,
        module,
        typeToken: typeTokenOf(decl, checker),
        file: location(root, decl).file,
        summary: firstParagraph(docOf(symbol, checker).text),
        argsName,
        args,
        outputs,
        methods,
        metricIds: collectMetricIds(name, [...exports, ...fileExports(decl.getSourceFile(), checker)], checker),
      };
      components.push(component);

      const gap = (kind: DocGap["kind"], m: { name: string; file: string; line: number }) =>
        gaps.push({ component: name, kind, member: m.name, file: m.file, line: m.line });
      for (const a of args) {
        if (!a.meaning) gap("arg without a description", a);
        if (!a.required && a.default === undefined) gap("optional arg without @default", a);
      }
      for (const o of outputs) if (!o.meaning) gap("output without a description", o);
      for (const m of methods) if (!m.meaning) gap("method without a description", m);
    }
  }
  return { components, gaps, millis: performance.now() - started };
}

/** Code in a table cell: pipes escaped. */
const code = (s: string) => `\`${s.replace(/\|/g, "\\|")}\``;

/**
 * TSDoc prose as Markdown: one line, and outside its code spans no `*` that Markdown would take
 * for emphasis (`"*\/*"`) and no `<` it would take for an HTML tag.
 */
function prose(s: string): string {
  return oneLine(s)
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/([*<])/g, "\\$1")))
    .join("");
}

/** TSDoc prose in a table cell: pipes escaped too (in code spans as well, as GitHub tables need). */
const cell = (s: string) => prose(s).replace(/\|/g, "\\|");

/** A default as a cell: a literal in code (`3`, `"perAz"`, `{ ... }`), prose as written. */
function defaultCell(arg: ArgDoc): string {
  if (arg.default === undefined) return arg.required ? "(required)" : "none";
  const text = oneLine(arg.default);
  const literal = /^(?<value>"[^"]*"|-?\d[\d_]*(?:\.\d+)?|true|false|\[.*\]|\{.*\})(?<note>\s+\(.*\))?$/.exec(text);
  if (literal?.groups) return [code(literal.groups.value!), cell(literal.groups.note ?? "")].filter(Boolean).join(" ");
  return cell(text);
}

/** The Markdown between a component's markers (without them): whole lines, the last one empty. */
export function renderReferenceBlock(c: ComponentDoc): string {
  const lines = [
    `<!-- Generated from the TSDoc of ${c.file} by \`npm run docs\`: edit the code, not this block. -->`,
    "",
    `**\`${c.name}\`** · \`${c.typeToken}\` · \`import { ${c.name} } from "twin-region/${c.module}"\``,
    "",
  ];
  if (c.summary) lines.push(prose(c.summary), "");
  if (c.argsName !== undefined) {
    lines.push(`Args (\`${c.argsName}\`):`, "");
    if (c.args.length === 0) lines.push("(none)", "");
    else {
      lines.push("| arg | type | default | meaning |", "| --- | --- | --- | --- |");
      for (const a of c.args)
        lines.push(`| \`${a.name}\` | ${code(a.type)} | ${defaultCell(a)} | ${cell(a.meaning)} |`);
      lines.push("");
    }
  }
  if (c.outputs.length > 0) {
    lines.push("Outputs:", "", "| output | type | meaning |", "| --- | --- | --- |");
    for (const o of c.outputs) lines.push(`| \`${o.name}\` | ${code(o.type)} | ${cell(o.meaning)} |`);
    lines.push("");
  }
  if (c.methods.length > 0) {
    lines.push("Methods:", "", "| method | meaning |", "| --- | --- |");
    for (const m of c.methods) lines.push(`| ${code(m.signature)} | ${cell(m.meaning)} |`);
    lines.push("");
  }
  if (c.metricIds) {
    lines.push(`Metric ids (\`${c.metricIds.alias}\`): ${c.metricIds.ids.map((id) => `\`${id}\``).join(", ")}.`, "");
  }
  return lines.join("\n") + "\n";
}

/** Every component's block, by component name, in the model's order. */
export function renderReferenceBlocks(reference: ComponentReference): Map<string, string> {
  return new Map(reference.components.map((c) => [c.name, renderReferenceBlock(c)]));
}

export interface ReadmeBlock {
  name: string;
  /** The lines between the begin and the end marker, each with its newline. */
  content: string;
}

const BEGIN = /^<!-- reference:begin (\S+) -->$/;
const END = /^<!-- reference:end (\S+) -->$/;
export const beginMarker = (name: string) => `<!-- reference:begin ${name} -->`;
export const endMarker = (name: string) => `<!-- reference:end ${name} -->`;

/** The reference blocks of a README, in order. Throws on unbalanced, nested or duplicate markers. */
export function readReferenceBlocks(readme: string): ReadmeBlock[] {
  const blocks: ReadmeBlock[] = [];
  const lines = readme.split("\n");
  let open: { name: string; from: number; line: number } | undefined;
  lines.forEach((line, i) => {
    const begin = BEGIN.exec(line);
    const end = END.exec(line);
    if (begin) {
      if (open) throw new Error(`README.md:${i + 1}: ${begin[1]} begins inside ${open.name} (line ${open.line})`);
      if (blocks.some((b) => b.name === begin[1]))
        throw new Error(`README.md:${i + 1}: a second block for ${begin[1]}`);
      open = { name: begin[1]!, from: i + 1, line: i + 1 };
    } else if (end) {
      if (!open || open.name !== end[1])
        throw new Error(`README.md:${i + 1}: reference:end ${end[1]} without its reference:begin`);
      blocks.push({ name: open.name, content: lines.slice(open.from, i).join("\n") + (i > open.from ? "\n" : "") });
      open = undefined;
    }
  });
  if (open) throw new Error(`README.md:${open.line}: reference:begin ${open.name} without its reference:end`);
  return blocks;
}

/**
 * The README with each block's content replaced by the generated one. Blocks of names that are no
 * component are reported (and left alone), as are components without a block.
 */
export function updateReadme(
  readme: string,
  blocks: Map<string, string>,
): { text: string; missing: string[]; unknown: string[] } {
  const present = readReferenceBlocks(readme).map((b) => b.name);
  const out: string[] = [];
  let skipping: string | undefined;
  for (const line of readme.split("\n")) {
    const begin = BEGIN.exec(line);
    if (skipping) {
      if (END.exec(line)?.[1] === skipping) {
        skipping = undefined;
        out.push(line);
      }
      continue;
    }
    out.push(line);
    const content = begin ? blocks.get(begin[1]!) : undefined;
    if (begin && content !== undefined) {
      out.push(...content.replace(/\n$/, "").split("\n"));
      skipping = begin[1];
    }
  }
  return {
    text: out.join("\n"),
    missing: [...blocks.keys()].filter((name) => !present.includes(name)),
    unknown: present.filter((name) => !blocks.has(name)),
  };
}
