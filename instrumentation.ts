export async function register() {
  // The database opens in the Node.js server process only (never in the edge runtime or at build time).
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.NEXT_PHASE !== "phase-production-build") {
    const { startServer } = await import("./lib/data/startup");
    try {
      await startServer();
    } catch (err) {
      // A server that cannot reach its database or lacks its secret must not answer requests.
      console.error(`[tracker] cannot start: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    }
  }
}
