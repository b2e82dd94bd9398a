import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": import.meta.dirname,
  // The marker package throws outside React Server Components; tests import server modules directly.
  "server-only": path.join(import.meta.dirname, "tests/support/empty.ts"),
};

const onServer = Boolean(process.env.TEST_DATABASE_URL);

export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    // One worker per core (vitest's default leaves one core to its own process, which waits): each
    // integration file has a database of its own, so unit, PGlite and PostgreSQL files run side by
    // side. The browser project (fileParallelism: false) still runs alone, after them.
    maxWorkers: os.availableParallelism(),
    projects: [
      {
        resolve: { alias },
        // Some unit files start worker threads or run property-based checks: on a busy 2-core machine they take seconds.
        test: { name: "unit", include: ["lib/**/*.test.ts", "db/**/*.test.ts"], environment: "node", testTimeout: 30_000 },
      },
      {
        resolve: { alias },
        test: {
          name: "pglite",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/seed-cache.ts"],
          setupFiles: ["tests/support/db-pglite.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      ...(onServer
        ? [
            {
              resolve: { alias },
              test: {
                name: "postgres",
                include: ["tests/integration/**/*.test.ts"],
                globalSetup: ["tests/support/seed-cache.ts"],
                setupFiles: ["tests/support/db-postgres.ts"],
                testTimeout: 60_000,
                hookTimeout: 120_000,
              },
            },
          ]
        : []),
      {
        resolve: { alias },
        test: {
          name: "browser",
          include: ["tests/browser/**/*.test.ts"],
          globalSetup: ["tests/support/browser-server.ts"],
          setupFiles: ["tests/support/browser-ready.ts"],
          testTimeout: 60_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
