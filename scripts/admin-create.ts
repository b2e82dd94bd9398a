/**
 * npm run admin:create -- --username NAME [--name "显示名"] [--role admin|secadmin|auditor]
 * npm run admin:create -- --username NAME --reset
 *
 * Creates an administrator (三员: the system administrator by default, or the security or the
 * audit administrator with --role) on an empty or existing database (DATABASE_URL, else the embedded one
 * in DATA_DIR, which no running server may hold open), with the reference data a production
 * database needs (the region tree). The password comes from ADMIN_PASSWORD or is asked at the
 * terminal; a weak one is refused; it must be changed at first sign-in.
 *
 * --reset gives an existing administrator (of any of the three) a new password, to be changed at
 * the next sign-in, switches the account back on and ends its sessions and tokens: the security and
 * the audit administrator's accounts are reset here, at the server, never by the system
 * administrator in the app (三员分立).
 */
import readline from "node:readline";
import bcrypt from "bcryptjs";
import { and, eq, isNull, sql } from "drizzle-orm";
import { openDatabase, type DbHandle } from "@/db/client";
import { ensureReferenceData } from "@/db/reference-data";
import { apiTokens, auditLog, userSessions, users } from "@/db/schema";
import { ADMIN_ROLES, passwordProblem, usernameSchema } from "@/lib/validation/user";

const defaultNames: Record<(typeof ADMIN_ROLES)[number], string> = { admin: "系统管理员", secadmin: "安全管理员", auditor: "审计管理员" };

const problems: Record<string, string> = {
  passwordTooShort: "the password must have at least 10 characters",
  passwordTooLong: "the password may have at most 128 characters",
  passwordNeedsLettersAndDigits: "the password must contain letters and digits",
  passwordIsUsername: "the password may not be the username",
  passwordIsDemo: "the password may not be a demo password",
};

function arg(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function askPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) throw new Error("Set ADMIN_PASSWORD, or run this at a terminal to be asked for the password.");
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Echo nothing of what is typed.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
    if (s.startsWith(prompt)) process.stdout.write(prompt);
  };
  const answer = await new Promise<string>((resolve) => rl.question(prompt, resolve));
  rl.close();
  process.stdout.write("\n");
  return answer;
}

async function main(): Promise<void> {
  const parsed = usernameSchema.safeParse(arg("username") ?? "");
  if (!parsed.success) throw new Error("Give --username NAME (3–64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit).");
  const username = parsed.data;
  const role = (arg("role") ?? "admin") as (typeof ADMIN_ROLES)[number];
  if (!ADMIN_ROLES.includes(role)) throw new Error(`--role must be one of ${ADMIN_ROLES.join(", ")} (system, security, audit administrator).`);
  const name = arg("name")?.trim() || defaultNames[role];
  const reset = process.argv.slice(2).includes("--reset");
  let password = process.env.ADMIN_PASSWORD;
  if (!password) {
    password = await askPassword("Password: ");
    if ((await askPassword("Again: ")) !== password) throw new Error("The two passwords differ.");
  }
  const problem = passwordProblem(password, username, { demoMode: false });
  if (problem) throw new Error(`Refused: ${problems[problem] ?? problem}.`);

  let handle: DbHandle | undefined;
  try {
    // Migrations run as the owner when MIGRATION_DATABASE_URL names one (the app's role may only append to the audit log).
    handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, migrationDatabaseUrl: process.env.MIGRATION_DATABASE_URL || undefined, dataDir: process.env.DATA_DIR || "./data" });
    const passwordHash = await bcrypt.hash(password, 10);
    const result = await handle.db.transaction(async (tx) => {
      const regionsAdded = await ensureReferenceData(tx);
      const [existing] = await tx.select({ id: users.id, role: users.role }).from(users).where(eq(users.username, username));
      if (reset) {
        if (!existing) throw new Error(`There is no user named ${username} to reset.`);
        if (!(ADMIN_ROLES as readonly string[]).includes(existing.role)) throw new Error(`${username} is not an administrator (${existing.role}): reset its password in the app.`);
        const now = new Date();
        await tx.update(users).set({ passwordHash, mustChangePassword: true, active: true, passwordChangedAt: now, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: now }).where(eq(users.id, existing.id));
        await tx.update(userSessions).set({ endedAt: now, endedReason: "ended" }).where(and(eq(userSessions.userId, existing.id), isNull(userSessions.endedAt)));
        await tx.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.userId, existing.id), isNull(apiTokens.revokedAt)));
        await tx.insert(auditLog).values({ action: "user.resetPassword", entityType: "user", entityId: String(existing.id), after: { username, role: existing.role, by: "admin:create --reset" } });
        return { id: existing.id, regionsAdded, reset: existing.role };
      }
      if (existing) throw new Error(`A user named ${username} exists already; give --reset to reset an administrator's password.`);
      const [row] = await tx.insert(users).values({ username, name, role, passwordHash, mustChangePassword: true, office: "" }).returning({ id: users.id });
      await tx.insert(auditLog).values({ action: "user.createAdmin", entityType: "user", entityId: String(row!.id), after: { username, role, by: "admin:create" } });
      return { id: row!.id, regionsAdded, reset: null };
    });
    if (result.reset) {
      console.log(`admin:create: the password of ${username} (id ${result.id}, role ${result.reset}) was reset; it must be changed at the next sign-in; its sessions and tokens ended.`);
      return;
    }
    console.log(`admin:create: administrator ${username} created (id ${result.id}, role ${role}: ${defaultNames[role]}); it must change its password at first sign-in. Regions added: ${result.regionsAdded}.`);
  } finally {
    await handle?.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`admin:create: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
