import { z } from "zod";
import { parseTrustedProxies, type TrustedProxies } from "@/lib/http/client-address";

/**
 * Every environment variable the app reads, parsed once. Nothing else reads process.env
 * (next-auth reads NEXTAUTH_URL / AUTH_TRUST_HOST itself; the start script sets those).
 */
const flag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : v === "1" || v === "true"));

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  DATA_DIR: z.string().min(1).default("./data"),
  SEED_DEMO: flag,
  DEMO_PASSWORD: z.string().min(6).default("demo2025"),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  AUTH_SECRET: z.string().min(16).optional(),
  // Read by next-auth itself too; parsed here only to decide whether cookies are Secure.
  NEXTAUTH_URL: z.url().optional().or(z.literal("").transform(() => undefined)),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(12),
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  // "off" behind a pooler that hands a transaction any server connection (PgBouncer's transaction
  // mode without max_prepared_statements): a statement prepared on one connection is unknown on another.
  DATABASE_PREPARED_STATEMENTS: z.enum(["on", "off"]).default("on"),
  // The owner's URL for migrations when DATABASE_URL's role may only append to the audit log.
  MIGRATION_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "MIGRATION_DATABASE_URL must start with postgres:// or postgresql://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  // Days a removed evidence file's bytes are kept when its report is not approved first.
  REMOVED_FILE_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  // Outbound reminders: e-mail over SMTP, an SMS gateway over HTTP, the job runner.
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "SMTP_URL must start with smtp:// or smtps://").optional().or(z.literal("").transform(() => undefined)),
  MAIL_FROM: z.string().min(3).default("督办系统 <noreply@localhost>"),
  SMS_GATEWAY_URL: z.url().optional().or(z.literal("").transform(() => undefined)),
  SMS_GATEWAY_TOKEN: z.string().optional(),
  DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  APP_URL: z.url().optional().or(z.literal("").transform(() => undefined)),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  JOBS: flag,
  // Reverse proxies whose X-Forwarded-For is believed: addresses or CIDR ranges, comma-separated.
  TRUSTED_PROXIES: z.string().optional(),
  // Set by scripts/server.mjs (never by hand): the socket's address arrives in a header it overwrites.
  TRACKER_PEER_HEADER: flag,
  // Evidence files in an S3-compatible store (s3://bucket/prefix) instead of DATA_DIR/files.
  FILES_URL: z
    .string()
    .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, "FILES_URL must look like s3://bucket/prefix")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  S3_ENDPOINT: z.url().optional().or(z.literal("").transform(() => undefined)),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: flag,
});

/** Where evidence files live: DATA_DIR/files, or an S3-compatible bucket. */
export type FilesConfig =
  | { kind: "local" }
  | { kind: "s3"; bucket: string; prefix: string; endpoint: string | undefined; region: string; accessKeyId: string | undefined; secretAccessKey: string | undefined; forcePathStyle: boolean };

export type Env = {
  /** FILES_URL and the S3_* variables, parsed. */
  files: FilesConfig;
  nodeEnv: "development" | "production" | "test";
  databaseUrl: string | undefined;
  dataDir: string;
  /** Demo data is loaded: always on the embedded database, on a server only with SEED_DEMO=1. */
  seedDemo: boolean;
  demoPassword: string;
  authSecret: string | undefined;
  /** The app is served over HTTPS (NEXTAUTH_URL is https): cookies are Secure. */
  httpsUrl: boolean;
  /** A browser session ends after this long without a request… */
  sessionIdleMs: number;
  /** …and this long after sign-in, whatever happens. */
  sessionMaxMs: number;
  /** On a PostgreSQL server, a statement running longer is cancelled with a clear error. */
  statementTimeoutMs: number;
  /** On a PostgreSQL server, each connection keeps the statements it runs prepared (db/client.ts). */
  preparedStatements: boolean;
  /** The schema owner's URL: migrations run as it (the app's role cannot change or remove audit entries). */
  migrationDatabaseUrl: string | undefined;
  /** A removed evidence file's bytes are deleted when its report is approved, or this long after removal. */
  removedFileRetentionMs: number;
  /** Outbound channels: SMTP server, sender, SMS gateway, timeout of one send, public URL for links. */
  smtpUrl: string | undefined;
  mailFrom: string;
  smsGatewayUrl: string | undefined;
  smsGatewayToken: string | undefined;
  deliveryTimeoutMs: number;
  appUrl: string;
  /** Run the scheduled jobs in this process (npm start sets JOBS=1; tests never do). */
  jobs: boolean;
  /** TRUSTED_PROXIES, parsed: only these may name the client in X-Forwarded-For. */
  trustedProxies: TrustedProxies;
  /** The request's socket address is in PEER_ADDRESS_HEADER (the app runs under scripts/server.mjs). */
  peerHeader: boolean;
  /** NEXTAUTH_URL's origin: the one origin unsafe requests may come from (else the request's own host). */
  appOrigin: string | undefined;
};

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.superRefine((e, ctx) => {
    try {
      parseTrustedProxies(e.TRUSTED_PROXIES ?? "");
    } catch (err) {
      ctx.addIssue({ code: "custom", path: ["TRUSTED_PROXIES"], message: (err as Error).message });
    }
  }).safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  cached = {
    nodeEnv: e.NODE_ENV,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    seedDemo: e.SEED_DEMO ?? !e.DATABASE_URL,
    demoPassword: e.DEMO_PASSWORD,
    authSecret: e.NEXTAUTH_SECRET ?? e.AUTH_SECRET,
    httpsUrl: e.NEXTAUTH_URL?.startsWith("https://") ?? false,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: e.SESSION_MAX_HOURS * 3_600_000,
    statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
    preparedStatements: e.DATABASE_PREPARED_STATEMENTS === "on",
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL,
    removedFileRetentionMs: e.REMOVED_FILE_RETENTION_DAYS * 86_400_000,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    smsGatewayUrl: e.SMS_GATEWAY_URL,
    smsGatewayToken: e.SMS_GATEWAY_TOKEN,
    deliveryTimeoutMs: e.DELIVERY_TIMEOUT_MS,
    appUrl: (e.APP_URL ?? e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    jobs: e.JOBS ?? false,
    trustedProxies: parseTrustedProxies(e.TRUSTED_PROXIES ?? ""),
    peerHeader: e.TRACKER_PEER_HEADER ?? false,
    appOrigin: e.NEXTAUTH_URL ? new URL(e.NEXTAUTH_URL).origin : undefined,
    files: filesConfig(e),
  };
  return cached;
}

function filesConfig(e: z.infer<typeof envSchema>): FilesConfig {
  if (!e.FILES_URL) return { kind: "local" };
  const url = new URL(e.FILES_URL);
  return {
    kind: "s3",
    bucket: url.hostname,
    prefix: url.pathname.replace(/^\/+|\/+$/g, ""),
    endpoint: e.S3_ENDPOINT,
    region: e.S3_REGION,
    accessKeyId: e.S3_ACCESS_KEY_ID,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY,
    // Most S3-compatible servers (MinIO, Ceph) want bucket names in the path, not the host name.
    forcePathStyle: e.S3_FORCE_PATH_STYLE ?? Boolean(e.S3_ENDPOINT),
  };
}
