/**
 * Runs first in every Pulumi suite's process, before the suite loads Pulumi: the process loads
 * @pulumi/pulumi without the two packages a plan never uses, as the plan processes of `npm start`
 * do (offline/defer-unused-modules.cjs).
 */
import { createRequire } from "node:module";

createRequire(__filename)("../../offline/defer-unused-modules.cjs").deferUnusedModules();
