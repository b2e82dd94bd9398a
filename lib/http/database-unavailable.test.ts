import { describe, expect, it } from "vitest";
import { databaseUnavailable } from "./database-unavailable";

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
/** As drizzle reports a failed query: its own error, the driver's in `cause`. */
const wrapped = (cause: unknown) => new Error('Failed query: select 1\nparams: secret-hash', { cause });

describe("databaseUnavailable", () => {
  it.each([
    ["refused", withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"), "ECONNREFUSED"],
    ["shut down by an administrator (a restart)", wrapped(withCode("terminating connection due to administrator command", "57P01")), "57P01"],
    ["starting or stopping", withCode("the database system is starting up", "57P03"), "57P03"],
    ["a connection exception", wrapped(withCode("connection failure", "08006")), "08006"],
    ["too many connections", withCode("sorry, too many clients already", "53300"), "53300"],
    ["the socket closed under a query", wrapped(new Error("Connection terminated unexpectedly")), "connectionLost"],
    ["no connection from the pool in time", new Error("timeout exceeded when trying to connect"), "connectionLost"],
    ["a dead client used again", wrapped(new Error("Client has encountered a connection error and is not queryable")), "connectionLost"],
    ["a connect to several addresses", new AggregateError([withCode("connect ECONNREFUSED ::1:5432", "ECONNREFUSED")]), "ECONNREFUSED"],
  ])("%s", (_, err, reason) => {
    expect(databaseUnavailable(err)).toBe(reason);
  });

  it.each([
    ["a unique violation", wrapped(withCode("duplicate key value", "23505"))],
    ["a statement timeout (its own 503)", wrapped(withCode("canceling statement due to statement timeout", "57014"))],
    ["a bad value", wrapped(withCode("invalid input syntax", "22P02"))],
    ["a plain bug", new TypeError("x is undefined")],
    ["not an error", "Connection terminated"],
  ])("not %s", (_, err) => {
    expect(databaseUnavailable(err)).toBeNull();
  });

  it("a cause that refers back to itself ends the search", () => {
    const err = new Error("loop") as Error & { cause?: unknown };
    err.cause = err;
    expect(databaseUnavailable(err)).toBeNull();
  });
});
