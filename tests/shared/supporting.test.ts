import { describe, expect, it } from "vitest";
import { resolveSupporting, type Supporting } from "../../components/shared/supporting";

type Existing = { arn: string };
type Args = { retentionInDays: number; kmsKeyId: string };

describe("resolveSupporting", () => {
  it("creates with the defaults when the arg is omitted", () => {
    expect(resolveSupporting<Existing, Args>("flowLogs", undefined)).toEqual({ kind: "create", args: {} });
  });

  it("brings your own with { existing }", () => {
    const existing = { arn: "arn:aws:logs:us-east-1:123456789012:log-group:mine" };
    expect(resolveSupporting<Existing, Args>("flowLogs", { existing })).toEqual({ kind: "existing", existing });
  });

  it("overrides props with { args }", () => {
    expect(resolveSupporting<Existing, Args>("flowLogs", { args: { retentionInDays: 731 } })).toEqual({
      kind: "create",
      args: { retentionInDays: 731 },
    });
  });

  it("skips with { skip: true }", () => {
    expect(resolveSupporting<Existing, Args>("flowLogs", { skip: true })).toEqual({ kind: "skip" });
  });

  it("rejects more than one key, naming the arg", () => {
    const both = { existing: { arn: "x" }, skip: true } as unknown as Supporting<Existing, Args>;
    expect(() => resolveSupporting("flowLogs.logGroup", both)).toThrow(
      "flowLogs.logGroup: pass only one of existing, args, skip (got existing, skip)",
    );
  });

  it("rejects passing more than one key at compile time too", () => {
    // @ts-expect-error existing and args together are not a Supporting value
    const both: Supporting<Existing, Args> = { existing: { arn: "x" }, args: {} };
    expect(() => resolveSupporting("flowLogs", both)).toThrow("flowLogs: pass only one of existing, args, skip");
  });

  it("rejects skip: false, unknown keys and an empty object", () => {
    expect(() => resolveSupporting("flowLogs", { skip: false } as unknown as Supporting<Existing, Args>)).toThrow(
      "flowLogs.skip: must be true when given, got false",
    );
    expect(() => resolveSupporting("flowLogs", { exists: {} } as unknown as Supporting<Existing, Args>)).toThrow(
      'flowLogs: unknown key(s) "exists"',
    );
    expect(() => resolveSupporting("flowLogs", {} as unknown as Supporting<Existing, Args>)).toThrow(
      "flowLogs: pass one of existing, args, skip (got an empty object)",
    );
  });
});
