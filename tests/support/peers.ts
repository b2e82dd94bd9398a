import http from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A mail the local SMTP server received: its envelope and its parsed text and HTML parts. */
export type ReceivedMail = { from: string; to: string[]; subject: string; text: string; html: string };

/** A real SMTP server on a local port (the smtp-server package): it keeps every mail it accepts. */
export async function startSmtpPeer(): Promise<{ url: string; mails: ReceivedMail[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
          });
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export type ReceivedRequest = { path: string; query: URLSearchParams; headers: http.IncomingHttpHeaders; body: unknown; at: number };
/** How the peer answers the next requests: ok (200 errcode 0), fail (HTTP 500), hang (never, until the client gives up), refuse (200 errcode ≠ 0). */
export type PeerMode = "ok" | "fail" | "hang" | "refuse";

/** A local HTTP server standing for the 企业微信 / 钉钉 robots and the SMS gateway: it records every request and answers as told. */
export async function startHttpPeer(): Promise<{ url: string; requests: ReceivedRequest[]; setMode(mode: PeerMode): void; close(): Promise<void> }> {
  const requests: ReceivedRequest[] = [];
  let mode: PeerMode = "ok";
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://peer");
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // kept as text
      }
      requests.push({ path: url.pathname, query: url.searchParams, headers: req.headers, body, at: Date.now() });
      if (mode === "hang") {
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
        return;
      }
      if (mode === "fail") {
        res.writeHead(500, { "Content-Type": "text/plain" }).end("internal error");
        return;
      }
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(mode === "refuse" ? { errcode: 310000, errmsg: "sign not match" } : { errcode: 0, errmsg: "ok" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setMode: (m) => {
      mode = m;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
