import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { SecondFactorError } from "@/lib/data/errors";
import { attemptSignIn, ThrottledError } from "@/lib/data/sign-in-throttle";
import { createUserSession, endUserSession } from "@/lib/data/user-sessions";
import { getEnv } from "@/lib/env";
import { clientAddressOf } from "@/lib/http/request-address";
import { getAuthSecret } from "./secret";

/** What the sign-in form is told for a lock (an error code, the same for every username). */
export const SIGN_IN_LOCKED = "TooManyAttempts";
/** The password was right; the form asks for the authenticator's code (or a recovery code). */
export const SECOND_FACTOR_REQUIRED = "SecondFactorRequired";
/** The code was wrong or already used. */
export const SECOND_FACTOR_INVALID = "SecondFactorInvalid";

type HeaderBag = Record<string, string | string[] | undefined> | undefined;
const header = (h: HeaderBag, name: string) => {
  const v = h?.[name];
  return Array.isArray(v) ? v[0] : v;
};

/** The caller's address: the socket's, or the right-most hop our trusted proxies added (lib/http/request-address.ts). */
export function addressOf(h: HeaderBag): string {
  return clientAddressOf(h);
}

export function getAuthOptions(): NextAuthOptions {
  const env = getEnv();
  return {
    secret: getAuthSecret(),
    // The server-side session (user_sessions) enforces the idle timeout and the absolute lifetime;
    // the JWT's own expiry is only a backstop at the same absolute lifetime.
    session: { strategy: "jwt", maxAge: Math.floor(env.sessionMaxMs / 1000) },
    // HttpOnly and SameSite=Lax are next-auth's defaults; Secure (and the __Secure- prefix) over HTTPS.
    useSecureCookies: env.httpsUrl,
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "credentials",
        credentials: {
          username: { label: "username", type: "text" },
          password: { label: "password", type: "password" },
          code: { label: "code", type: "text" },
        },
        async authorize(credentials, req) {
          const headers = req?.headers as HeaderBag;
          const address = addressOf(headers);
          const userAgent = header(headers, "user-agent") ?? null;
          let user;
          try {
            user = await attemptSignIn(credentials, { address, userAgent, channel: "web" });
          } catch (err) {
            if (err instanceof ThrottledError) throw new Error(SIGN_IN_LOCKED);
            if (err instanceof SecondFactorError) throw new Error(err.reason === "required" ? SECOND_FACTOR_REQUIRED : SECOND_FACTOR_INVALID);
            return null;
          }
          const sid = await createUserSession(user.id, { ip: address, userAgent });
          return { id: String(user.id), name: user.name, sv: user.sessionVersion, sid };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          const u = user as { sv?: number; sid?: string };
          token.uid = Number(user.id);
          token.sv = u.sv ?? 1;
          token.sid = u.sid;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, uid: token.uid, sv: token.sv, sid: token.sid };
      },
    },
    events: {
      // Ends the session on the server too: a copy of the cookie is worthless after sign-out.
      async signOut({ token }) {
        if (typeof token?.sid === "string") await endUserSession(token.sid, "signout");
      },
    },
  };
}
