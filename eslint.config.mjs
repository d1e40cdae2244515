// Typed linting for the whole project, plus Pulumi's rule against Outputs in template literals
// (an Output interpolated into a string becomes "Calling [toString] on an [Output<T>]...").
import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "policy/node_modules/", ".plan/", "coverage/", "dist/", "**/*.cjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@pulumi": pulumi },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // `const parent = this;` then `{ parent }` for every child is the one alias allowed.
      "@typescript-eslint/no-this-alias": ["error", { allowedNames: ["parent"] }],
      "no-new": "off",
    },
  },
);
