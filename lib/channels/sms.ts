import { postJson } from "./http";

/** One interface for any SMS provider: the department's gateway, or a vendor's adapter later. */
export interface SmsSender {
  send(to: string, text: string): Promise<void>;
}

/**
 * A configurable HTTP gateway: POST `{ to, text }` as JSON to SMS_GATEWAY_URL with
 * `Authorization: Bearer SMS_GATEWAY_TOKEN`; any 2xx answer is a delivery.
 */
export class HttpSmsGateway implements SmsSender {
  constructor(
    private readonly url: string,
    private readonly token: string | undefined,
    private readonly timeoutMs: number,
  ) {}

  async send(to: string, text: string): Promise<void> {
    await postJson(this.url, { to, text }, { timeoutMs: this.timeoutMs, headers: this.token ? { Authorization: `Bearer ${this.token}` } : {} });
  }
}
