import "server-only";
import { can, type Permission } from "@/lib/auth/permissions";
import { getViewer, type Viewer } from "@/lib/auth/viewer";
import { recordEvent } from "./audit";
import { ForbiddenError, UnauthenticatedError } from "./errors";

/**
 * A refusal for a signed-in viewer, recorded in the audit log (action "access.denied") before it
 * is thrown. Call it outside any transaction: the entry must stay when the caller's work is undone.
 */
export async function denyAccess(viewer: Pick<Viewer, "id" | "regionCode">, permission: string, details: Record<string, unknown> = {}): Promise<ForbiddenError> {
  await recordEvent({ actorId: viewer.id, action: "access.denied", entityType: "permission", entityId: permission, regionCode: viewer.regionCode, after: details });
  return new ForbiddenError(permission);
}

/** The viewer, who must hold `permission`; throws 401/403 otherwise (a 403 is recorded in the audit log). */
export async function requireViewer(permission: Permission): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) throw new UnauthenticatedError();
  if (!can(viewer, permission)) throw await denyAccess(viewer, permission);
  return viewer;
}

/** The viewer, who must hold at least one of `permissions` (the function then checks which). */
export async function requireViewerAny(permissions: readonly Permission[]): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) throw new UnauthenticatedError();
  if (!permissions.some((p) => can(viewer, p))) throw await denyAccess(viewer, permissions.join("|"));
  return viewer;
}
