export async function register() {
  // The database opens in the Node.js server process only (never in the edge runtime or at build time).
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.NEXT_PHASE !== "phase-production-build") {
    const { startServer } = await import("./lib/data/startup");
    await startServer();
  }
}
