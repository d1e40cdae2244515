import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDqdl } from "../../components/datalake/dqdl";
import { scriptPath } from "../../components/datalake/job-script";

const problemsOf = (text: string) => parseDqdl(text).problems;

describe("the DQDL parser", () => {
  it("accepts the repository's ruleset for the processed table, every rule of it", () => {
    const text = fs.readFileSync(scriptPath("processed.dqdl"), "utf8");
    const { rules, problems } = parseDqdl(text);
    expect(problems).toEqual([]);
    expect(rules.map((r) => r.type)).toEqual([
      "RowCount",
      "IsComplete",
      "IsUnique",
      "ColumnValues",
      "IsComplete",
      "IsComplete",
      "IsComplete",
      "Completeness",
      "ColumnLength",
      "ColumnValues",
    ]);
    expect(rules.find((r) => r.type === "ColumnValues")).toMatchObject({
      parameters: ["event_name"],
      condition: { kind: "in", values: ["INSERT", "MODIFY", "REMOVE"] },
    });
    expect(rules.find((r) => r.type === "Completeness")?.condition).toEqual({
      kind: "compare",
      operator: ">=",
      value: "0.99",
    });
  });

  it("accepts the reference's other shapes: between, composite rules, thresholds, dates, durations, Metadata", () => {
    const text = `Metadata = { "Version": "1.0" }
      Rules = [
        RowCount between 10 and 1000,
        (IsComplete "id") and (IsUnique "id"),
        (RowCount > 0) or ((IsComplete "a") and (IsUnique "a")),
        ColumnValues "status" in ["open", "closed"] with threshold > 0.9,
        ColumnValues "created" > (now() - 3 days),
        ColumnValues "day" in ["2024-01-01", "2024-01-02"],
        DataFreshness "updated" <= 24 hours,
        Mean "price" > -5,
        IsPrimaryKey "a" "b",
        CustomSql "select count(*) from primary" > 0,
        ColumnDataType "age" = "INTEGER"
      ]`;
    expect(problemsOf(text)).toEqual([]);
  });

  it("rejects an unknown rule type, naming it and its line", () => {
    expect(problemsOf('Rules = [\n  IsComplete "id",\n  IsCompleted "id"\n]')).toEqual([
      expect.stringMatching(/^line 3: unknown rule type "IsCompleted" \(rule types are case-sensitive: RowCount, /),
    ]);
    expect(problemsOf('Rules = [ iscomplete "id" ]')[0]).toMatch(/unknown rule type "iscomplete"/);
  });

  it("rejects a Rules list without its closing bracket, and one without its opening bracket", () => {
    expect(problemsOf('Rules = [\n  IsComplete "id",\n  RowCount > 0\n')).toEqual([
      'line 1: missing "]" closing the Rules list opened here',
    ]);
    expect(problemsOf('Rules = IsComplete "id" ]')).toEqual([
      'line 1: expected "[" opening the Rules list, found "IsComplete"',
    ]);
  });

  it("rejects an operator DQDL does not have, and a word where an operator belongs", () => {
    expect(problemsOf("Rules = [ RowCount => 5 ]")).toEqual([
      'line 1: RowCount: "=>" is not an operator here (expected >, >=, <, <=, = or between)',
    ]);
    expect(problemsOf("Rules = [ RowCount == 5 ]")[0]).toMatch(/"==" is not an operator here/);
    expect(problemsOf('Rules = [ Completeness "a" gt 0.5 ]')).toEqual([
      'line 1: Completeness: "gt" is not an operator (expected >, >=, <, <=, =, between, in or matches)',
    ]);
  });

  it("holds each rule type to its parameters and to the conditions its result allows", () => {
    expect(problemsOf('Rules = [ IsComplete "a" "b" ]')).toEqual(["line 1: IsComplete takes 1 parameter(s), found 2"]);
    expect(problemsOf("Rules = [ Completeness > 0.5 ]")).toEqual([
      "line 1: Completeness takes 1 parameter(s), found 0",
    ]);
    expect(problemsOf('Rules = [ IsUnique "a" > 1 ]')).toEqual([
      'line 1: IsUnique is true or false and takes no condition, found ">"',
    ]);
    expect(problemsOf('Rules = [ Mean "a" ]')).toEqual([
      'line 1: Mean returns a number and needs a condition (e.g. "> 0")',
    ]);
    expect(problemsOf('Rules = [ Mean "a" in ["x"] ]')).toEqual([
      'line 1: Mean returns a number and takes no "in" list',
    ]);
    expect(problemsOf("Rules = [ RowCount > 0 with threshold > 0.5 ]")).toEqual([
      'line 1: RowCount takes no "with threshold" (only ColumnValues, ColumnDataType and CustomSql do)',
    ]);
    expect(problemsOf('Rules = [ DataFreshness "d" <= 24 minutes ]')[0]).toMatch(/a duration such as "24 hours"/);
    expect(problemsOf('Rules = [ Mean "a" > "ten" ]')[0]).toMatch(/Mean compares with a number, found "ten"/);
  });

  it("reports every broken rule of a ruleset, not only the first, and keeps checking after one", () => {
    expect(problemsOf('Rules = [\n  Bogus "a",\n  RowCount => 1,\n  IsComplete "ok"\n]')).toEqual([
      expect.stringMatching(/^line 2: unknown rule type "Bogus"/),
      expect.stringMatching(/^line 3: RowCount: "=>" is not an operator/),
    ]);
  });

  it("rejects a ruleset that does not start with Rules, an empty list, mixed and/or at one level, and an unclosed string", () => {
    expect(problemsOf('rules = [ IsComplete "a" ]')[0]).toMatch(
      /a ruleset starts with "Rules = \[" \(capitalised\), found "rules"/,
    );
    expect(problemsOf("Rules = [ ]")).toEqual(["line 1: the Rules list is empty"]);
    expect(problemsOf('Rules = [ (IsComplete "a") and (IsUnique "a") or (RowCount > 0) ]')[0]).toMatch(
      /"and" and "or" are mixed at one level/,
    );
    expect(problemsOf('Rules = [ IsComplete "a ]')).toEqual(["line 1: a string is not closed"]);
  });

  it("skips comments to the end of the line", () => {
    expect(problemsOf('# the ruleset\nRules = [ # first\n  IsComplete "a" # the id\n]')).toEqual([]);
  });
});
