/**
 * The component package's entry (PulumiPlugin.yaml, package.json "main"): Pulumi's language host
 * runs it as a provider plugin. The host serves the schema Pulumi's analyzer infers from the
 * facades' TypeScript types (plugin/tsconfig.json) and constructs a facade per resource a program
 * in another language declares. The package is named "twin-region" whatever directory it was
 * installed to: types `twin-region:index:<Component>`, SDK `pulumi_twin_region` in Python.
 */
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { COMPONENTS } from "./components";

componentProviderHost({ components: COMPONENTS, name: "twin-region", dirname: __dirname }).catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
