import fs from "node:fs";
import os from "node:os";

/** The instant the demo history is built for in tests: 22 November 2026, noon in Shanghai. */
export const NOW = new Date("2026-11-22T04:00:00Z");

/**
 * The browser tests run on a clock that starts at NOW, whatever the real date. Their app server
 * loads the demo as of the day it starts, and what the tests expect (the demo's published plan is
 * 2026's, November is the period being reported, October is closed) holds only then: on the
 * real clock they would break as the months pass. The offset is fixed once for the run
 * (browser-server.ts) and every process of it reads the same time: the app server (and the
 * embedded database in it, which takes its `now()` from the process's clock) through Debian's
 * libfaketime, Chromium too (its cookie store would drop a session cookie that had expired by
 * its own clock), and the test files through `clockNow`. The server's monotonic clock stays real
 * (its timers are not moved); Chromium's moves with its wall clock, without which its page loads
 * stall (seen: no page reached "load" in 30 s).
 */
export function clockEnv(offsetSeconds: number, opts: { monotonic: boolean }): Record<string, string> {
  const lib = libfaketime();
  if (!lib) throw new Error("the browser tests need libfaketime: install Debian's libfaketime package (apt-get install libfaketime)");
  const preload = [process.env.LD_PRELOAD, lib].filter(Boolean).join(" ");
  return { LD_PRELOAD: preload, FAKETIME: `${offsetSeconds >= 0 ? "+" : ""}${offsetSeconds}`, ...(opts.monotonic ? {} : { FAKETIME_DONT_FAKE_MONOTONIC: "1" }) };
}

/** Seconds from the real clock to the tests' clock, when the tests' clock starts now. */
export function offsetToNow(): number {
  return Math.round((NOW.getTime() - Date.now()) / 1000);
}

/** The tests' clock's time now, given the run's offset. */
export function clockNow(offsetSeconds: number): Date {
  return new Date(Date.now() + offsetSeconds * 1000);
}

/** The library's place in Debian's package (by architecture), if it is installed. */
function libfaketime(): string | undefined {
  const triplet = { x64: "x86_64-linux-gnu", arm64: "aarch64-linux-gnu" }[os.arch()];
  const candidates = [triplet && `/usr/lib/${triplet}/faketime/libfaketime.so.1`, "/usr/lib/faketime/libfaketime.so.1"];
  return candidates.find((p): p is string => Boolean(p) && fs.existsSync(p!));
}
