import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { scriptsDirectory } from "../../components/datalake/job-script";

/** A Python 3 interpreter, or undefined where there is none (the suite then says so and skips). */
function python(): string | undefined {
  for (const candidate of ["python3", "python"]) {
    const probe = spawnSync(candidate, ["-c", "import sys; print(sys.version_info[0])"], { encoding: "utf8" });
    if (probe.status === 0 && probe.stdout.trim() === "3") return candidate;
  }
  return undefined;
}

const interpreter = python();
const scripts = fs
  .readdirSync(scriptsDirectory())
  .filter((f) => f.endsWith(".py"))
  .sort();

if (!interpreter) console.log("etl-script.test.ts: no python3 on PATH; the Glue scripts' syntax check is skipped");

describe.skipIf(!interpreter)("the Glue job scripts", () => {
  it("are the ETL and the quality-evaluation scripts", () => {
    expect(scripts).toEqual(["raw_to_processed.py", "run_quality_evaluation.py"]);
  });

  it.each(scripts)("%s compiles as Python 3 (py_compile)", (file) => {
    // Compiled into a temporary directory: nothing is written beside the scripts.
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "glue-pyc-"));
    try {
      const run = spawnSync(
        interpreter!,
        [
          "-c",
          "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
          path.join(scriptsDirectory(), file),
          path.join(out, `${file}c`),
        ],
        { encoding: "utf8" },
      );
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it("fails the compile check on a script with a syntax error (the check is real)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "glue-bad-"));
    try {
      const bad = path.join(dir, "bad.py");
      fs.writeFileSync(bad, "def main(:\n    pass\n");
      const run = spawnSync(
        interpreter!,
        ["-c", "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[1] + 'c', doraise=True)", bad],
        { encoding: "utf8" },
      );
      expect(run.status).not.toBe(0);
      expect(run.stderr).toMatch(/SyntaxError/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the quality gate's rule check fails on every rule result but PASS (run with the script's own functions)", () => {
    const program = [
      "import importlib.util, sys, types",
      // The script imports boto3 and awsglue at the top, which exist only in Glue: stand-ins suffice for its pure functions.
      "sys.modules['boto3'] = types.ModuleType('boto3')",
      "glue = types.ModuleType('awsglue'); utils = types.ModuleType('awsglue.utils'); utils.getResolvedOptions = None",
      "sys.modules['awsglue'] = glue; sys.modules['awsglue.utils'] = utils",
      "spec = importlib.util.spec_from_file_location('gate', sys.argv[1]); gate = importlib.util.module_from_spec(spec); spec.loader.exec_module(gate)",
      "import datetime, json",
      "results = [{'RulesetName': 'rs', 'RuleResults': [{'Name': 'a', 'Result': 'PASS'}, {'Name': 'b', 'Result': 'FAIL', 'EvaluationMessage': 'too few'}, {'Name': 'c', 'Result': 'ERROR'}]}]",
      "print(json.dumps({'failed': gate.failed_rules(results), 'predicate': gate.recent_partitions(2, datetime.date(2026, 3, 1))}))",
    ].join("\n");
    const run = spawnSync(interpreter!, ["-c", program, path.join(scriptsDirectory(), "run_quality_evaluation.py")], {
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({
      failed: ["rs: b (FAIL: too few)", "rs: c (ERROR: )"],
      predicate: "dt >= '2026-02-28'",
    });
  });
});
