#!/usr/bin/env node
// The production HTTP server (what `npm start` runs): Next's request handler behind a plain
// node:http server, for one reason — Next does not tell route handlers the socket's address, and
// X-Forwarded-For is whatever the client wrote. Each request's socket address goes into
// x-tracker-peer-address, overwriting any value the client sent under that name;
// lib/http/request-address.ts believes that header only in this process (TRACKER_PEER_HEADER) and
// X-Forwarded-For only from TRUSTED_PROXIES.
import http from "node:http";
import path from "node:path";
import next from "next";

const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || undefined;
process.env.TRACKER_PEER_HEADER = "1";

const app = next({ dev: false, dir: root, port, hostname: hostname ?? "localhost" });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  req.headers["x-tracker-peer-address"] = req.socket.remoteAddress ?? "";
  handle(req, res).catch((err) => {
    console.error("[tracker] request failed", err);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});
server.listen(port, hostname, () => console.log(`[tracker] listening on ${hostname ?? "*"}:${port}`));
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.once(sig, () => {
    server.close(() => process.exit(0));
    // Connections kept alive by browsers would hold close() open.
    server.closeIdleConnections?.();
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
