// npm run lint: typescript-eslint's recommended rules, Next's rules (as eslint-config-next sets
// them: @next/next and react-hooks) and our layering. Type-aware checks are `npm run typecheck`'s.
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

const layering = "Only lib/data/ (and db/, scripts/, tests/) may import the database: go through lib/data.";

export default defineConfig(
  {
    ignores: [".next/**", "node_modules/**", "data/**", "db/migrations/**", "next-env.d.ts", "screenshots/**", "test-results/**"],
  },
  tseslint.configs.recommended,
  {
    rules: {
      // A warning, as in eslint-config-next; a leading _ marks a value left out on purpose.
      "@typescript-eslint/no-unused-vars": [
        "warn",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ["**/*.{js,jsx,mjs,ts,tsx}"],
    plugins: { "@next/next": nextPlugin },
    rules: nextPlugin.configs["core-web-vitals"].rules,
  },
  {
    // React code only: scripts and tests have functions named use… that are not hooks.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // A warning: its one finding is a server component (no state to lose), app/(app)/review/[id]/page.tsx.
      "react-hooks/static-components": "warn",
    },
  },
  {
    // Tests read untyped JSON bodies.
    files: ["tests/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "warn" },
  },
  {
    files: ["**/*.{js,jsx,mjs,ts,tsx}"],
    ignores: ["lib/data/**", "db/**", "scripts/**", "tests/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "^@/db(/.*)?$", message: layering },
            // db/ is the only folder of that name, so a relative path that climbs into one reaches it.
            { regex: "^(\\./|(\\.\\./)+)db(/.*)?$", message: layering },
          ],
        },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "ImportExpression[source.value=/^(@\\/|\\.\\/|(\\.\\.\\/)+)db(\\/|$)/]", message: layering },
      ],
    },
  },
);
