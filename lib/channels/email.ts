import nodemailer, { type Transporter } from "nodemailer";

export type Mail = { to: string; subject: string; text: string; html: string };

const transports = new Map<string, Transporter>();

/** One pooled SMTP transport per SMTP_URL, kept for the process. */
function transportFor(smtpUrl: string, timeoutMs: number): Transporter {
  let t = transports.get(smtpUrl);
  if (!t) {
    t = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: 10, maxMessages: 1000, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs } as never);
    transports.set(smtpUrl, t);
  }
  return t;
}

export async function sendMail(smtpUrl: string, from: string, mail: Mail, timeoutMs: number): Promise<void> {
  await transportFor(smtpUrl, timeoutMs).sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
}

/** Closes the pooled connections (the CLI and tests end cleanly). */
export function closeMailTransports(): void {
  for (const t of transports.values()) t.close();
  transports.clear();
}
