/**
 * A TypeScript compiler host for reading this library's sources (the component reference, and the
 * suites that check the package's surface and the examples):
 *
 * - @pulumi/aws, awsx and docker are left unresolved: @pulumi/aws alone is 2,700 declaration files,
 *   30 MB, some 13 s to parse. Their types are `any`; what is read is this library's own types and
 *   @pulumi/pulumi's.
 * - Parsed files are shared by every host in the process (a file is parsed once, whichever program
 *   needs it), keyed by the parse settings and the file's modification time.
 */
import * as fs from "node:fs";
import ts from "typescript";

export const UNRESOLVED_PACKAGES = /^@pulumi\/(aws|awsx|docker)(\/|$)/;

const parsed = new Map<string, ts.SourceFile | undefined>();

function parseKey(fileName: string, settings: ts.ScriptTarget | ts.CreateSourceFileOptions): string {
  let modified = 0;
  try {
    modified = fs.statSync(fileName).mtimeMs;
  } catch {
    // A file that does not exist: the host answers undefined, keyed as such.
  }
  return `${fileName}\0${modified}\0${typeof settings === "object" ? JSON.stringify(settings) : settings}`;
}

export function libraryCompilerHost(root: string, options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, settings, onError, shouldCreate) => {
    const key = parseKey(fileName, settings);
    if (!parsed.has(key)) parsed.set(key, read(fileName, settings, onError, shouldCreate));
    return parsed.get(key);
  };
  const cache = ts.createModuleResolutionCache(root, (f) => f, options);
  host.resolveModuleNameLiterals = (literals, containingFile, redirectedReference, opts, containingSourceFile) =>
    literals.map((literal) =>
      UNRESOLVED_PACKAGES.test(literal.text)
        ? { resolvedModule: undefined }
        : ts.resolveModuleName(
            literal.text,
            containingFile,
            opts,
            host,
            cache,
            redirectedReference,
            ts.getModeForUsageLocation(containingSourceFile, literal, opts),
          ),
    );
  return host;
}

/** "Cannot find module" for a package left unresolved on purpose. */
export const unresolvedOnPurpose = (d: ts.Diagnostic): boolean =>
  d.code === 2307 &&
  UNRESOLVED_PACKAGES.test(/'([^']+)'/.exec(ts.flattenDiagnosticMessageText(d.messageText, "\n"))?.[1] ?? "");
