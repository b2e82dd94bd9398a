import "server-only";
import { can, type Permission } from "@/lib/auth/permissions";
import { getViewer, type Viewer } from "@/lib/auth/viewer";
import { ForbiddenError, UnauthenticatedError } from "./errors";

/** The viewer, who must hold `permission`; throws 401/403 otherwise. */
export async function requireViewer(permission: Permission): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) throw new UnauthenticatedError();
  if (!can(viewer, permission)) throw new ForbiddenError(permission);
  return viewer;
}
