/*
 * Loading @pulumi/pulumi takes about 0.55 s, and 0.4 s of it is two packages it loads eagerly for
 * function serialization (`pulumi.runtime.serializeFunction`, callback functions): the TypeScript
 * compiler (to parse a function's source) and npm's arborist (to find the packages a serialized
 * function needs). A plan of this project never serializes a function (handlers are bundled with
 * esbuild), so the offline engine's processes load those two on first use instead: the module
 * Pulumi receives is a stand-in that loads the real one the first time it is touched.
 *
 * Plain JavaScript: the plan processes install it before anything is built or loaded.
 */
"use strict";
const Module = require("node:module");
const path = require("node:path");

/** Which module to defer, and the @pulumi/pulumi file that requires it (nothing else is affected). */
const DEFERRED = [
  { request: "typescript", from: ["@pulumi", "pulumi", "typescript-shim.js"] },
  { request: "@npmcli/arborist", from: ["@pulumi", "pulumi", "runtime", "closure", "codePaths.js"] },
];

const isFrom = (parent, from) =>
  Boolean(parent && parent.filename && parent.filename.endsWith(path.sep + from.join(path.sep)));

/**
 * A stand-in for a module object: the first property read (or key listing) loads the module. It
 * says it is an ES module namespace, so TypeScript's `__importStar` keeps it as it is instead of
 * copying its keys (which would load the module at once).
 */
function standIn(load) {
  let real;
  const target = () => (real === undefined ? (real = load()) : real);
  return new Proxy(
    {},
    {
      get: (_, key) => (key === "__esModule" ? true : target()[key]),
      has: (_, key) => key in target(),
      ownKeys: () => Reflect.ownKeys(target()),
      getOwnPropertyDescriptor: (_, key) => {
        const d = Reflect.getOwnPropertyDescriptor(target(), key);
        return d && { ...d, configurable: true };
      },
    },
  );
}

let installed = false;

/** Installs the deferral in this process (once). Returns the modules it defers, for tests. */
function deferUnusedModules() {
  if (!installed) {
    installed = true;
    const load = Module._load;
    Module._load = function (request, parent, isMain) {
      const deferred = DEFERRED.find((d) => d.request === request && isFrom(parent, d.from));
      if (!deferred) return load.apply(this, arguments);
      return standIn(() => load.call(this, request, parent, isMain));
    };
  }
  return DEFERRED.map((d) => ({ request: d.request, from: d.from.join("/") }));
}

module.exports = { deferUnusedModules };
