import type { Viewer } from "./viewer";

type Role = Viewer["role"];

/**
 * Who may do what. Region-scoped permissions also need the resource's region to be the bureau's own.
 *
 * 三员分立: three administrators, none of whom can do another's work or approve a report.
 * - `admin`, the system administrator: users, regions, system settings (and the plans' business data, as before).
 * - `secadmin`, the security administrator: roles, password and session policy, unlocking sign-ins.
 * - `auditor`, the audit administrator: reads and exports the audit log, nothing else.
 */
const permissionTable = {
  "plan.read": ["admin", "staff", "leader", "bureau"],
  "plan.readDraft": ["admin", "staff", "leader"],
  "plan.write": ["admin", "staff"],
  "assignment.read": ["admin", "staff", "leader", "bureau"],
  "report.read": ["admin", "staff", "leader", "bureau"],
  "report.write": ["bureau"],
  // Separated duties: the administrator who manages users does not review reports.
  "report.review": ["staff"],
  // A league-city bureau reviews the reports of its banner-counties (逐级分解).
  "report.reviewBelow": ["bureau"],
  "assignment.breakDown": ["bureau"],
  "region.read": ["admin", "staff", "leader", "bureau"],
  "dashboard.read": ["admin", "staff", "leader"],
  // Create business accounts, edit their particulars, deactivate, reset a password: not their role.
  "user.manage": ["admin"],
  // The user list and a user's page: the security administrator needs them to grant roles and unlock.
  "user.read": ["admin", "secadmin"],
  // Grant or change a role (every administrator role is granted here, never by user.manage).
  "user.role": ["secadmin"],
  "user.unlock": ["secadmin"],
  // Turn off a user's two factors (a lost phone and recovery codes): they enrol again if required.
  "user.resetTwoFactor": ["secadmin"],
  // Password, session and two-factor policy.
  "security.policy": ["secadmin"],
  "settings.manage": ["admin"],
  "audit.read": ["auditor"],
  "region.manage": ["admin"],
  // Outbound reminders: the job runner, the channels an administrator enables, robots and leader contacts.
  "jobs.manage": ["admin"],
  // The delivery log (催办记录) of an assignment or a region.
  "delivery.read": ["staff"],
  "account.self": ["admin", "secadmin", "auditor", "staff", "leader", "bureau"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissionTable;

/** Permissions whose subject belongs to a region a bureau may read: its own and those below it. */
const readScoped = new Set<Permission>(["assignment.read", "report.read", "region.read"]);
/** Permissions on the bureau's own region only. */
const ownScoped = new Set<Permission>(["report.write", "assignment.breakDown"]);
/** Permissions on the regions below the bureau's own only. */
const belowScoped = new Set<Permission>(["report.reviewBelow"]);

type ViewerRegions = Pick<Viewer, "role" | "regionCode"> & { subRegionCodes?: readonly string[]; gate?: Viewer["gate"] };

/** What a viewer held at the account gate (a password to change, a second factor to enrol) may do: their own account only. */
const openAtGate = new Set<Permission>(["account.self"]);

export function can(viewer: ViewerRegions | null, permission: Permission, resource?: { regionCode: string | null }): boolean {
  if (!viewer) return false;
  if (viewer.gate && !openAtGate.has(permission)) return false;
  const roles: readonly Role[] = permissionTable[permission];
  if (!roles.includes(viewer.role)) return false;
  if (viewer.role === "bureau" && resource) {
    const code = resource.regionCode;
    if (code === null) return false;
    const own = code === viewer.regionCode;
    const below = (viewer.subRegionCodes ?? []).includes(code);
    if (readScoped.has(permission)) return own || below;
    if (ownScoped.has(permission)) return own;
    if (belowScoped.has(permission)) return below;
  }
  return true;
}

/** The regions a bureau is confined to (its own first, then those below it), or null for roles that see every region. */
export function regionScope(viewer: ViewerRegions): string[] | null {
  if (viewer.role !== "bureau") return null;
  return viewer.regionCode ? [viewer.regionCode, ...(viewer.subRegionCodes ?? [])] : [];
}

/** Who may decide on a report of this region: staff for any region, a league-city bureau for its counties. */
export function canReview(viewer: ViewerRegions | null, regionCode: string): boolean {
  return can(viewer, "report.review") || can(viewer, "report.reviewBelow", { regionCode });
}

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(permissionTable) as Permission[]).filter((p) => (permissionTable[p] as readonly Role[]).includes(role));
}

/** Each role's first page. */
const homeByRole: Record<Role, string> = {
  admin: "/plans",
  secadmin: "/admin/users",
  auditor: "/admin/audit",
  staff: "/plans",
  leader: "/dashboard",
  bureau: "/my-region",
};

export function homePath(viewer: Pick<Viewer, "role">): string {
  return homeByRole[viewer.role];
}
