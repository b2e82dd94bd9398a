import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { can, type Permission } from "@/lib/auth/permissions";
import { getViewer } from "@/lib/auth/viewer";

const tabs = [
  { key: "users", permission: "user.read" },
  { key: "regions", permission: "region.manage" },
  { key: "audit", permission: "audit.read" },
  { key: "jobs", permission: "jobs.manage" },
  { key: "bulletin", permission: "settings.manage" },
  { key: "offices", permission: "settings.manage" },
  { key: "security", permission: "security.policy" },
] as const satisfies readonly { key: string; permission: Permission }[];

/** The administration pages the viewer may open (三员分立: each administrator sees their own). */
export async function AdminTabs({ current }: { current: (typeof tabs)[number]["key"] }) {
  const t = await getTranslations("admin.tabs");
  const viewer = await getViewer();
  const shown = tabs.filter((tab) => can(viewer, tab.permission));
  return (
    <nav aria-label="admin" className="flex gap-4 border-b border-slate-200 text-sm">
      {shown.map(({ key: k }) => (
        <Link key={k} href={`/admin/${k}`} aria-current={k === current ? "page" : undefined} className={k === current ? "border-b-2 border-brand-700 pb-2 font-semibold" : "pb-2 text-slate-600"}>
          {t(k)}
        </Link>
      ))}
    </nav>
  );
}

/** The first administration page the viewer may open, or null. */
export function firstAdminPage(viewer: Parameters<typeof can>[0]): string | null {
  const tab = tabs.find((x) => can(viewer, x.permission));
  return tab ? `/admin/${tab.key}` : null;
}
