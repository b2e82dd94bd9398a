import "server-only";
import { getServerSession } from "next-auth";
import { getAuthOptions } from "./options";

/** The signed-in user's id and session version from the next-auth cookie, or null. */
export async function getSessionClaims(): Promise<{ userId: number; sessionVersion: number } | null> {
  const session = (await getServerSession(getAuthOptions())) as { uid?: unknown; sv?: unknown } | null;
  if (!session || typeof session.uid !== "number" || typeof session.sv !== "number") return null;
  return { userId: session.uid, sessionVersion: session.sv };
}
