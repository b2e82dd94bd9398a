import type { Viewer } from "./viewer";

type Role = Viewer["role"];

/** Who may do what. Region-scoped permissions also need the resource's region to be the bureau's own. */
const permissionTable = {
  "plan.read": ["admin", "staff", "leader", "bureau"],
  "plan.readDraft": ["admin", "staff", "leader"],
  "plan.write": ["admin", "staff"],
  "assignment.read": ["admin", "staff", "leader", "bureau"],
  "report.read": ["admin", "staff", "leader", "bureau"],
  "report.write": ["bureau"],
  // Separated duties: the administrator who manages users does not review reports.
  "report.review": ["staff"],
  "region.read": ["admin", "staff", "leader", "bureau"],
  "dashboard.read": ["admin", "staff", "leader"],
  "user.manage": ["admin"],
  "audit.read": ["admin"],
  "region.manage": ["admin"],
  "account.self": ["admin", "staff", "leader", "bureau"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissionTable;

/** Permissions whose subject belongs to a region: a bureau may act only on its own. */
const regionScoped = new Set<Permission>(["assignment.read", "report.read", "report.write", "region.read"]);

export function can(viewer: Pick<Viewer, "role" | "regionCode"> | null, permission: Permission, resource?: { regionCode: string | null }): boolean {
  if (!viewer) return false;
  const roles: readonly Role[] = permissionTable[permission];
  if (!roles.includes(viewer.role)) return false;
  if (viewer.role === "bureau" && regionScoped.has(permission) && resource) {
    return resource.regionCode !== null && resource.regionCode === viewer.regionCode;
  }
  return true;
}

/** The region a bureau is confined to, or null for roles that see every region. */
export function regionScope(viewer: Pick<Viewer, "role" | "regionCode">): string | null {
  return viewer.role === "bureau" ? viewer.regionCode : null;
}

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(permissionTable) as Permission[]).filter((p) => (permissionTable[p] as readonly Role[]).includes(role));
}

/** Each role's first page. */
const homeByRole: Record<Role, string> = {
  admin: "/plans",
  staff: "/plans",
  leader: "/dashboard",
  bureau: "/my-region",
};

export function homePath(viewer: Pick<Viewer, "role">): string {
  return homeByRole[viewer.role];
}
