import crypto from "node:crypto";
import { postJson, requireErrcodeZero } from "./http";

export type RobotMessage = { title: string; text: string; link: string | null };

/**
 * 企业微信 group robot: POST the webhook URL (…/cgi-bin/webhook/send?key=…) a markdown message,
 * `{ msgtype: "markdown", markdown: { content } }`; it answers `{ errcode: 0, errmsg: "ok" }`.
 */
export function wecomBody(m: RobotMessage): unknown {
  const content = [`**${m.title}**`, m.text, m.link ? `[${m.link}](${m.link})` : ""].filter(Boolean).join("\n");
  return { msgtype: "markdown", markdown: { content } };
}

export async function sendWecom(url: string, m: RobotMessage, timeoutMs: number): Promise<void> {
  requireErrcodeZero(await postJson(url, wecomBody(m), { timeoutMs }));
}

/**
 * 钉钉 signed secret: sign = Base64(HMAC-SHA256(key = secret, data = `${timestamp}\n${secret}`)),
 * sent URL-encoded with the timestamp (milliseconds) as query parameters.
 */
export function dingtalkSign(secret: string, timestamp: number): string {
  return crypto.createHmac("sha256", secret).update(`${timestamp}\n${secret}`, "utf8").digest("base64");
}

export function dingtalkUrl(url: string, secret: string | undefined, timestamp: number): string {
  if (!secret) return url;
  const u = new URL(url);
  u.searchParams.set("timestamp", String(timestamp));
  u.searchParams.set("sign", dingtalkSign(secret, timestamp));
  return u.toString();
}

/** 钉钉 group robot: `{ msgtype: "markdown", markdown: { title, text } }`, answered by `{ errcode: 0 }`. */
export function dingtalkBody(m: RobotMessage): unknown {
  const text = [`#### ${m.title}`, m.text, m.link ? `[${m.link}](${m.link})` : ""].filter(Boolean).join("\n\n");
  return { msgtype: "markdown", markdown: { title: m.title, text } };
}

export async function sendDingtalk(url: string, secret: string | undefined, m: RobotMessage, timeoutMs: number, now: Date = new Date()): Promise<void> {
  requireErrcodeZero(await postJson(dingtalkUrl(url, secret, now.getTime()), dingtalkBody(m), { timeoutMs }));
}
