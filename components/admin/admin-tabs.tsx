import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** The three administration pages. */
export async function AdminTabs({ current }: { current: "users" | "regions" | "audit" }) {
  const t = await getTranslations("admin.tabs");
  return (
    <nav aria-label="admin" className="flex gap-4 border-b border-slate-200 text-sm">
      {(["users", "regions", "audit"] as const).map((k) => (
        <Link key={k} href={`/admin/${k}`} aria-current={k === current ? "page" : undefined} className={k === current ? "border-b-2 border-brand-700 pb-2 font-semibold" : "pb-2 text-slate-600"}>
          {t(k)}
        </Link>
      ))}
    </nav>
  );
}
