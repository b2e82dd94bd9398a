import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** A folder of this run where the first file to seed leaves a copy of the seeded database (see fixtures.ts). */
    seedCache: string;
  }
}

/**
 * Seeding the demo data takes seconds per test file (most of a short file's time). The first
 * file of a project to seed keeps a copy (a PGlite dump, or a template database on the server);
 * the files after it start from that copy. Removed when the run ends.
 */
export default function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tracker-seed-"));
  project.provide("seedCache", dir);
  return async () => {
    const template = path.join(dir, "pg-template");
    const base = process.env.TEST_DATABASE_URL;
    if (fs.existsSync(template) && base) {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`drop database if exists "${fs.readFileSync(template, "utf8").trim()}" with (force)`);
      } finally {
        await c.end();
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
