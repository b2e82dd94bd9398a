import { describe, expect, it } from "vitest";
import { formatIp, parseIp, parseTrustedProxies, resolveClientAddress } from "./client-address";

describe("parseIp / formatIp", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["::1", "::1"],
    ["2001:db8::1", "2001:db8::1"],
    ["[2001:db8::1]", "2001:db8::1"],
    ["fe80::1%eth0", "fe80::1"],
  ])("%s → %s", (text, formatted) => expect(formatIp(parseIp(text)!)).toBe(formatted));

  it.each(["", "unknown", "256.1.1.1", "1.2.3", "1:2:3", "1::2::3", "evil.example", "1.2.3.4\u0000"])("%j is not an address", (text) => {
    expect(parseIp(text)).toBeNull();
  });
});

describe("parseTrustedProxies", () => {
  it("reads addresses and ranges of both families", () => {
    expect(parseTrustedProxies("10.0.0.1, 172.16.0.0/12 ,fd00::/8")).toHaveLength(3);
    expect(parseTrustedProxies("")).toHaveLength(0);
  });
  it.each(["10.0.0.0/33", "example.com", "10.0.0.0/8/1", "::/129", "10.0.0.1/x"])("refuses %s", (text) => {
    expect(() => parseTrustedProxies(text)).toThrow(/not an address/);
  });
});

describe("resolveClientAddress", () => {
  const trusted = parseTrustedProxies("10.0.0.0/8, ::1");
  it.each([
    { case: "no proxy: the socket, whatever the header says", peer: "198.51.100.9", xff: "1.1.1.1", expected: "198.51.100.9" },
    { case: "through our proxy: its hop", peer: "10.0.0.2", xff: "198.51.100.9", expected: "198.51.100.9" },
    { case: "a forged hop left of the real one is ignored", peer: "10.0.0.2", xff: "6.6.6.6, 198.51.100.9", expected: "198.51.100.9" },
    { case: "two of our proxies in a row", peer: "10.0.0.2", xff: "6.6.6.6, 198.51.100.9, 10.0.0.3", expected: "198.51.100.9" },
    { case: "only our hops: the left-most", peer: "10.0.0.2", xff: "10.0.0.5", expected: "10.0.0.5" },
    { case: "our proxy sent no header", peer: "::1", xff: null, expected: "::1" },
    { case: "garbage where the client should be", peer: "10.0.0.2", xff: "nonsense", expected: "invalid" },
    { case: "a v4-mapped socket", peer: "::ffff:198.51.100.9", xff: "1.1.1.1", expected: "198.51.100.9" },
    { case: "no socket address known", peer: undefined, xff: "1.1.1.1", expected: "unknown" },
  ])("$case", ({ peer, xff, expected }) => expect(resolveClientAddress(peer, xff, trusted)).toBe(expected));

  it("trusts nobody by default", () => {
    expect(resolveClientAddress("10.0.0.2", "198.51.100.9", [])).toBe("10.0.0.2");
  });
});
