import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { BulkBureauButton } from "@/components/admin/bulk-bureau-button";
import { UserCreateForm } from "@/components/admin/user-create-form";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";
import { requirePasswordCurrent } from "@/lib/data/account";
import { listUserRegionChoices, listUsers } from "@/lib/data/users";
import { localized } from "@/lib/i18n/localized";
import { userFilterSchema } from "@/lib/validation/user";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.users"))("title") };
}

type SP = { q?: string; role?: string; regionCode?: string; status?: string };

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<SP> }) {
  const viewer = await requirePageViewer();
  await requirePasswordCurrent();
  const t = await getTranslations("admin.users");
  const tRoles = await getTranslations("nav.roles");
  const locale = await getLocale();
  const sp = await searchParams;
  // Unknown filter values are dropped rather than failing the page.
  const parsed = userFilterSchema.safeParse(Object.fromEntries(Object.entries(sp).filter(([, v]) => v)));
  const filter = parsed.success ? parsed.data : {};
  const [rows, regions] = await Promise.all([orRefuse(listUsers(filter)), orRefuse(listUserRegionChoices())]);
  const indent = (level: string) => (level === "banner_county" ? "　" : "");
  const choices = regions.filter((r) => r.level !== "province").map((r) => ({ code: r.code, label: `${indent(r.level)}${localized(locale, r.nameZh, r.nameEn)}`, active: r.active }));
  const select = "rounded-md border border-slate-300 px-2 py-1 text-sm";
  return (
    <div className="space-y-4">
      <AdminTabs current="users" />
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-500">{t("subtitle", { count: rows.length })}</p>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-2 text-sm">
        <label>{t("search")}<br /><input name="q" defaultValue={filter.q ?? ""} placeholder={t("searchPlaceholder")} className={select} /></label>
        <label>{t("role")}<br />
          <select name="role" defaultValue={filter.role ?? ""} className={select}>
            <option value="">{t("all")}</option>
            {(["admin", "secadmin", "auditor", "staff", "bureau", "leader"] as const).map((r) => <option key={r} value={r}>{tRoles(r)}</option>)}
          </select>
        </label>
        <label>{t("region")}<br />
          <select name="regionCode" defaultValue={filter.regionCode ?? ""} className={select}>
            <option value="">{t("all")}</option>
            {choices.map((c) => <option key={c.code} value={c.code}>{c.label}</option>)}
          </select>
        </label>
        <label>{t("status")}<br />
          <select name="status" defaultValue={filter.status ?? ""} className={select}>
            <option value="">{t("all")}</option>
            <option value="active">{t("active")}</option>
            <option value="inactive">{t("inactive")}</option>
          </select>
        </label>
        <button type="submit" className="rounded-md px-3 py-1 ring-1 ring-slate-300">{t("filter")}</button>
      </form>
      {rows.length === 0 ? <p className="text-slate-600">{t("empty")}</p> : (
        <div className="overflow-x-auto rounded-xl bg-white ring-1 ring-slate-200">
          {/* One line a cell: on a phone the table scrolls sideways in its box rather than stacking names a character a line. */}
          <table className="min-w-full whitespace-nowrap text-sm" data-testid="user-table">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th className="px-3 py-2">{t("username")}</th>
                <th className="px-3 py-2">{t("name")}</th>
                <th className="px-3 py-2">{t("role")}</th>
                <th className="px-3 py-2">{t("region")} / {t("office")}</th>
                <th className="px-3 py-2">{t("email")}</th>
                <th className="px-3 py-2">{t("phone")}</th>
                <th className="px-3 py-2">{t("status")}</th>
                <th className="px-3 py-2" />
              </tr>
            </thead>
            <tbody>
              {rows.map((u) => (
                <tr key={u.id} className="border-t border-slate-100">
                  <td className="px-3 py-2 font-mono">{u.username}</td>
                  <td className="px-3 py-2">{u.name}</td>
                  <td className="px-3 py-2">{tRoles(u.role)}</td>
                  <td className="px-3 py-2">{u.regionName ? localized(locale, u.regionName, u.regionNameEn ?? "") : (u.office ?? "")}</td>
                  <td className="px-3 py-2" data-testid="user-email">{u.email ?? ""}</td>
                  <td className="px-3 py-2 tabular-nums" data-testid="user-phone">{u.phone ?? ""}</td>
                  <td className="px-3 py-2">
                    {u.active ? t("active") : <span className="text-slate-500">{t("inactive")}</span>}
                    {u.mustChangePassword && <span className="ml-2 text-xs text-amber-700">{t("mustChange")}</span>}
                  </td>
                  <td className="px-3 py-2"><Link href={`/admin/users/${u.id}`} className="text-brand-700 underline">{t("edit")}</Link></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {can(viewer, "user.manage") && (
        <>
          <UserCreateForm regions={choices.filter((c) => c.active)} />
          <BulkBureauButton />
        </>
      )}
    </div>
  );
}
