import * as pulumi from "@pulumi/pulumi";
import * as settingsModule from "@pulumi/pulumi/runtime/settings";
import { OfflineAws, type StackReferenceOutputs } from "./aws-mock";
import { OFFLINE_ACCOUNT_ID, playOfflineAccount } from "./aws-partition";
import { ResourceGraph, type RecordedResource } from "./graph";
import { installMonitorPatch } from "./monitor-patch";
import { plainInputs } from "./plain-inputs";
import { skipPromiseStacks } from "./promise-bookkeeping";
import { findProjectRoot, readProject } from "./stack-files";

export interface ProgramOptions {
  /**
   * Pulumi project name; config keys without a namespace belong to it.
   * @default the name in the nearest Pulumi.yaml at or above the working directory, else "project"
   */
  project?: string;
  /** @default "test" */
  stack?: string;
  /** The stack's `aws:region`. @default "us-east-1" */
  region?: string;
  /** Config values by fully qualified key (`twin-region:vpcCidr`), as strings like Pulumi's. */
  config?: Record<string, string>;
  /** Config keys whose values are secret. */
  secretConfigKeys?: string[];
  /** Default tags of the default provider, as `aws:defaultTags` sets them. */
  defaultTags?: Record<string, string>;
  stackReferences?: Record<string, StackReferenceOutputs>;
  /**
   * The AWS account the mock plays for this plan (12 digits): getCallerIdentity, and every ARN,
   * owner id and queue URL it makes. Plan as another account to check that a program hard-codes no
   * account id: what it read from AWS follows the account, a hard-coded id does not.
   * @default "123456789012" (OFFLINE_ACCOUNT_ID)
   */
  accountId?: string;
}

export interface ProgramPlan {
  stack: string;
  region: string;
  resources: RecordedResource[];
  graph: ResourceGraph;
  /** The stack's exports, resolved. */
  outputs: Record<string, unknown>;
  /** Names of exports whose values are secret. */
  secretOutputNames: string[];
}

/**
 * Raised when the program failed: its own error, or what the mock of AWS rejected. `resources`
 * holds what was registered before it failed, so a test can check that a validation error
 * stopped the program before it created anything.
 */
export class ProgramError extends Error {
  constructor(
    readonly causes: Error[],
    readonly resources: readonly RecordedResource[] = [],
  ) {
    super(causes.map((e) => e.message).join("\n"));
    this.name = "ProgramError";
  }
}

/** `waitForRPCs` drains registrations still in flight; it is internal, so its type is not published. */
const settings = settingsModule as typeof settingsModule & { waitForRPCs(): Promise<void> };

let running = false;
let currentErrors: Error[] | undefined;
let rejectionHandlerInstalled = false;

/**
 * A failed registration rejects promises nobody awaits; keep those errors for the running plan
 * instead of letting Node end the process. Installed once: rejections can arrive after a plan ends.
 */
function collectUnhandledRejections(): void {
  if (rejectionHandlerInstalled) return;
  rejectionHandlerInstalled = true;
  process.on("unhandledRejection", (reason) => {
    currentErrors?.push(reason instanceof Error ? reason : new Error(String(reason)));
  });
}

/**
 * Runs a Pulumi program under the offline engine and returns the recorded graph. The mocked
 * runtime is global to the process, so programs run one at a time (each stack of `npm start`
 * runs in its own process).
 */
export async function planProgram(program: () => unknown, options: ProgramOptions = {}): Promise<ProgramPlan> {
  if (running) throw new Error("planProgram: another program is still running in this process; await it first");
  const restoreAccount = playOfflineAccount(options.accountId ?? OFFLINE_ACCOUNT_ID);
  running = true;
  const project = options.project ?? projectNameOfWorkingDirectory();
  const stack = options.stack ?? "test";
  const region = options.region ?? "us-east-1";
  const errors: Error[] = [];
  currentErrors = errors;
  collectUnhandledRejections();
  skipPromiseStacks();
  try {
    installMonitorPatch();
    pulumi.runtime.setAllConfig({ ...options.config, "aws:region": region }, options.secretConfigKeys ?? []);
    const engine = new OfflineAws({
      project,
      stack,
      region,
      defaultTags: options.defaultTags,
      stackReferences: options.stackReferences,
    });
    const guarded = guard(engine, errors);
    await pulumi.runtime.setMocks(guarded, project, stack, false);
    try {
      await pulumi.runtime.runInPulumiStack(async () => program());
    } catch (e) {
      errors.push(e as Error);
    }
    await settings.waitForRPCs();
    // Node reports a rejection nobody awaited on a later turn: give it one before judging the run.
    await new Promise((resolve) => setImmediate(resolve));
    if (errors.length) throw new ProgramError(unique(errors), [...engine.resources]);
    const { outputs, secretOutputNames } = stackOutputs(engine.resources);
    return {
      stack,
      region,
      resources: engine.resources,
      graph: new ResourceGraph(engine.resources),
      outputs,
      secretOutputNames,
    };
  } finally {
    currentErrors = undefined;
    restoreAccount();
    running = false;
  }
}

/** The project the tests run in, as the Pulumi CLI would name it from the nearest Pulumi.yaml. */
function projectNameOfWorkingDirectory(): string {
  try {
    return readProject(findProjectRoot()).name;
  } catch {
    return "project";
  }
}

/** Keeps every error the mock raises, so a failed registration fails the plan instead of vanishing. */
function guard(engine: OfflineAws, errors: Error[]): OfflineAws {
  const register = engine.register.bind(engine);
  const call = engine.call.bind(engine);
  engine.register = async (reg) => {
    try {
      return await register(reg);
    } catch (e) {
      errors.push(e as Error);
      throw e;
    }
  };
  engine.call = (args) => {
    try {
      return call(args);
    } catch (e) {
      errors.push(e as Error);
      throw e;
    }
  };
  return engine;
}

function unique(errors: Error[]): Error[] {
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.message) && seen.add(e.message));
}

/** The stack's exports as registered on the stack resource, with their secret flags. */
function stackOutputs(resources: RecordedResource[]): {
  outputs: Record<string, unknown>;
  secretOutputNames: string[];
} {
  const monitor = settings.getMonitor() as unknown as { resources: Map<string, { state: any }> };
  const root = resources.find((r) => r.type === "pulumi:pulumi:Stack");
  const state = root ? monitor.resources.get(root.urn)?.state : undefined;
  const wire = state && typeof state.toJavaScript === "function" ? state.toJavaScript() : (state ?? {});
  const { inputs, secretKeys } = plainInputs(wire);
  return { outputs: inputs, secretOutputNames: secretKeys };
}
