/**
 * The suites that read the library with the TypeScript compiler, run as one file:
 *
 *   - tests/docs/reference.suite.ts: README's component reference is what the TSDoc generates;
 *   - tests/docs/cited-names.suite.ts: the names the reference's prose cites exist;
 *   - tests/shared/package-surface.suite.ts: what the package's entry points export and name;
 *   - tests/examples/typecheck.suite.ts: each example type-checks against the library.
 *
 * Each builds a TypeScript Program over the library, and most of a Program's cost is parsing what
 * every one of them reads (Node's types, @pulumi/pulumi, the library itself): about 5 s of CPU
 * cold, about 1 s when another Program in the same worker has parsed them already
 * (offline/library-compiler-host.ts shares parsed files within a process). Vitest hands files to
 * whichever worker is free, so as four files they parsed it all up to four times; as one file
 * they run in one worker and parse it once.
 */
import "./docs/reference.suite";
import "./docs/cited-names.suite";
import "./shared/package-surface.suite";
import "./examples/typecheck.suite";
