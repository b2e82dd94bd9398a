import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

/**
 * A PostgreSQL cluster of one test file's own, for what must not happen to the suite's shared
 * server (TEST_DATABASE_URL), such as restarting it: initdb in a temporary folder, a free port on
 * 127.0.0.1, trust authentication, its unix socket in that folder. initdb refuses to run as root:
 * then the cluster belongs to the `postgres` OS user and every server command runs as that user.
 */
export type PrivateCluster = {
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  /** pg_ctl restart -m fast: the server ends every session (57P01) and comes back on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server (if running) and removes its folder. */
  destroy(): Promise<void>;
};

/** The folder of initdb and pg_ctl: pg_config's, else the one a Debian server package installed (off PATH). */
function serverBinaries(): string {
  const candidates: string[] = [];
  const lines = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).split("\n").filter(Boolean);
    } catch {
      return [];
    }
  };
  candidates.push(...lines("pg_config", ["--bindir"]));
  // Debian and Ubuntu: postgresql-<major> puts initdb in its own folder; the newest major first.
  const packages = lines("dpkg-query", ["-W", "-f", "${Package}\n", "postgresql-[0-9]*"])
    .filter((p) => /^postgresql-\d+$/.test(p))
    .sort((a, b) => Number(b.slice(11)) - Number(a.slice(11)));
  for (const p of packages) candidates.push(...lines("dpkg-query", ["-L", p]).filter((f) => f.endsWith("/bin/initdb")).map((f) => path.dirname(f)));
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, "initdb")) && fs.existsSync(path.join(dir, "pg_ctl")));
  if (!found) {
    throw new Error(
      `PostgreSQL's server programs (initdb, pg_ctl) were not found (looked in: ${candidates.join(", ") || "nothing: no pg_config on PATH, no postgresql-<major> package"}). ` +
        "Install the PostgreSQL server package, or put its pg_config on PATH.",
    );
  }
  return found;
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve, reject) => {
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", resolve);
  });
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

export async function startPrivateCluster(): Promise<PrivateCluster> {
  const bin = serverBinaries();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tracker-pg-"));
  const data = path.join(dir, "data");
  const logFile = path.join(dir, "server.log");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    fs.chownSync(dir, uid, gid);
  }

  // Asynchronous: the test's own requests keep running while the server stops and starts.
  const run = (program: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const [cmd, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", path.join(bin, program), ...args]] : [path.join(bin, program), args];
      execFile(cmd, argv, { cwd: dir, env: { ...process.env, LC_ALL: "C" } }, (err, stdout, stderr) => {
        if (!err) return resolve();
        const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").slice(-2000) : "";
        reject(new Error(`${program} ${args.join(" ")} failed (${err.message.split("\n")[0]}):\n${stdout}${stderr}${log}`));
      });
    });

  let port = 0;
  try {
    await run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
    // Another process may take the port between the probe and the start: then try another one.
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      fs.appendFileSync(path.join(data, "postgresql.conf"), `\nport = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nmax_connections = 50\n`);
      try {
        await run("pg_ctl", ["start", "-D", data, "-l", logFile, "-w", "-t", "60"]);
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  // The worker ended without the file's afterAll (a cancelled run): stop the server anyway.
  const onExit = () => {
    const args = ["stop", "-D", data, "-m", "immediate", "-w"];
    try {
      if (asRoot) execFileSync("runuser", ["-u", "postgres", "--", path.join(bin, "pg_ctl"), ...args], { stdio: "ignore" });
      else execFileSync(path.join(bin, "pg_ctl"), args, { stdio: "ignore" });
    } catch {
      // not running
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", onExit);

  const cluster: PrivateCluster = {
    url: (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`,
    restart: () => run("pg_ctl", ["restart", "-D", data, "-l", logFile, "-m", "fast", "-w", "-t", "60"]),
    stop: () => run("pg_ctl", ["stop", "-D", data, "-m", "fast", "-w", "-t", "60"]),
    start: () => run("pg_ctl", ["start", "-D", data, "-l", logFile, "-w", "-t", "60"]),
    destroy: async () => {
      process.off("exit", onExit);
      if (fs.existsSync(path.join(data, "postmaster.pid"))) await run("pg_ctl", ["stop", "-D", data, "-m", "immediate", "-w", "-t", "60"]).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };

  try {
    const c = new pg.Client({ connectionString: cluster.url() });
    await c.connect();
    await c.end();
  } catch (err) {
    await cluster.destroy();
    throw err;
  }
  return cluster;
}
