/**
 * The CodeBuild buildspecs of DeliveryPipeline (components/delivery/buildspecs/), read as the
 * component reads them: YAML of version 0.2 with phases of commands, no secret as a literal, and
 * the Pulumi access token taken from Secrets Manager by the deploy builds only.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { buildspecProblems, buildspecsDirectory, readBuildspec } from "../../components/delivery/buildspec";
import { DELIVERY_JOBS, PULUMI_TOKEN_ENV, TOKEN_SECRET_PLACEHOLDER } from "../../components/delivery/delivery-defaults";

const files = fs.readdirSync(buildspecsDirectory()).filter((f) => f.endsWith(".yml"));
const spec = (file: string) => parse(readBuildspec(file)) as Record<string, any>;

describe("the delivery buildspecs", () => {
  it("are the files the projects use, and nothing else", () => {
    expect(files.sort()).toEqual([...new Set(Object.values(DELIVERY_JOBS).map((j) => j.buildspec))].sort());
  });

  it.each(files)("%s: version 0.2, bash, Node.js 22, every phase a list of commands, no secret literal", (file) => {
    expect(buildspecProblems(readBuildspec(file))).toEqual([]);
    const s = spec(file);
    expect(s.version).toBe(0.2);
    expect(s.env.shell).toBe("bash");
    expect(s.phases.install["runtime-versions"]).toEqual({ nodejs: 22 });
    for (const [phase, body] of Object.entries<any>(s.phases))
      expect(
        body.commands.every((c: unknown) => typeof c === "string"),
        phase,
      ).toBe(true);
    // Nothing that looks like a token, a key or a password in the file itself.
    expect(readBuildspec(file)).not.toMatch(/pul-[0-9a-f]{20,}|AKIA[0-9A-Z]{16}|password\s*[:=]/i);
  });

  it("test.yml runs the checks a pull request runs and reads no secret", () => {
    const s = spec("test.yml");
    expect([...s.phases.install.commands, ...s.phases.build.commands]).toEqual([
      "npm ci",
      "npm ci --prefix policy",
      "npm test",
      "npm start",
    ]);
    expect(s.env["secrets-manager"]).toBeUndefined();
  });

  it("deploy.yml takes the token from env.secrets-manager, assumes the deployment role, runs pulumi up of $PULUMI_ORG/$STACK with the pack, then releases what it published", () => {
    const s = spec("deploy.yml");
    expect(s.env["secrets-manager"]).toEqual({ [PULUMI_TOKEN_ENV]: TOKEN_SECRET_PLACEHOLDER });
    expect(Object.keys(s.env.variables)).not.toContain(PULUMI_TOKEN_ENV);
    const commands = Object.values<any>(s.phases).flatMap((p) => p.commands as string[]);
    expect(commands).toContain('curl -fsSL https://get.pulumi.com | sh -s -- --version "$PULUMI_VERSION"');
    expect(commands).toContain('aws configure set profile.deploy.role_arn "$DEPLOY_ROLE_ARN"');
    expect(commands.slice(-3)).toEqual([
      'export PATH="$HOME/.pulumi/bin:$PATH" AWS_PROFILE=deploy',
      'pulumi up --yes --non-interactive --stack "$PULUMI_ORG/$STACK" --policy-pack "$POLICY_PACK"',
      // The functions' live aliases (CodeDeploy) and, blue/green, the web service: the same script as deploy.yml's.
      'scripts/release-stack.sh "$PULUMI_ORG/$STACK"',
    ]);
  });

  it("refuses a buildspec of another version, without commands, or with a secret as a plain variable", () => {
    expect(buildspecProblems("version: 0.1\nphases:\n  build:\n    commands: [make]\n")).toEqual([
      "version is 0.1, not 0.2",
    ]);
    expect(buildspecProblems("version: 0.2\nphases:\n  build: {}\n")).toEqual(["phase build has no list of commands"]);
    expect(
      buildspecProblems(
        "version: 0.2\nenv:\n  variables:\n    PULUMI_ACCESS_TOKEN: pul-123\n    STACK_NAME: x\nphases:\n  build:\n    commands: [make]\n",
      ),
    ).toEqual(["env.variables.PULUMI_ACCESS_TOKEN looks like a secret: take it from env.secrets-manager instead"]);
    expect(buildspecProblems("version: 0.2\nphases: [\n")[0]).toMatch(/^it is not YAML/);
  });

  it("are shipped with the package (package.json files), since the component reads them when it runs", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"));
    expect(pkg.files).toContain("components/delivery/buildspecs/");
  });
});
