/*
 * A stack's plan process (Pulumi's mocked runtime is global per process, so each stack plans in
 * its own). It loads @pulumi/pulumi and @pulumi/aws, most of a plan's start-up cost, the moment it
 * starts, while the parent is still bundling (without the two packages a plan never uses:
 * offline/defer-unused-modules.cjs); then it follows two messages from the parent:
 *
 *   { kind: "load", worker, preload }  load the worker module, then the packages the program uses
 *   { kind: "plan", request }          plan the stack; answer with the worker's response and exit
 *
 * Plain JavaScript so that it can start before anything is built. The worker module is the
 * prebuilt bundle under `npm start`, or offline/worker.ts when run from source through tsx.
 */
"use strict";

// A parent that ends without asking (help, a usage error, a saved graph) leaves nothing running.
process.on("disconnect", () => process.exit(0));

require("./defer-unused-modules.cjs").deferUnusedModules();
require("@pulumi/pulumi");
require("@pulumi/aws");

let worker;
let loadError;

function answer(response) {
  process.send(response, () => process.exit(0));
}

process.on("message", async (message) => {
  if (message.kind === "load") {
    try {
      worker = require(message.worker);
    } catch (e) {
      loadError = e;
      return;
    }
    // The program's packages: a process that waits for its peer's outputs loads them meanwhile.
    for (const id of message.preload ?? []) {
      try {
        require(id);
      } catch {
        // The program reports a package it cannot load when it runs.
      }
    }
    return;
  }
  if (message.kind === "plan") {
    if (!worker) {
      const why = loadError ? (loadError.stack ?? loadError.message) : "no worker module was loaded";
      return answer({
        ok: false,
        stack: message.request.stack,
        kind: "program",
        message: `the plan process could not start: ${why}`,
      });
    }
    answer(await worker.planRequest(message.request));
  }
});
