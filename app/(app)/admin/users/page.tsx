import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { BulkBureauButton } from "@/components/admin/bulk-bureau-button";
import { UserCreateForm } from "@/components/admin/user-create-form";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
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
  return (
    <div className="space-y-4">
      <AdminTabs current="users" />
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-500">{t("subtitle", { count: rows.length })}</p>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-2 text-sm">
        <label className="w-64 max-w-full">
          {t("search")}
          <Input name="q" defaultValue={filter.q ?? ""} placeholder={t("searchPlaceholder")} />
        </label>
        <label>
          {t("role")}
          <Select name="role" defaultValue={filter.role ?? ""}>
            <option value="">{t("all")}</option>
            {(["admin", "secadmin", "auditor", "staff", "bureau", "leader"] as const).map((r) => (
              <option key={r} value={r}>
                {tRoles(r)}
              </option>
            ))}
          </Select>
        </label>
        <label>
          {t("region")}
          <Select name="regionCode" defaultValue={filter.regionCode ?? ""}>
            <option value="">{t("all")}</option>
            {choices.map((c) => (
              <option key={c.code} value={c.code}>
                {c.label}
              </option>
            ))}
          </Select>
        </label>
        <label>
          {t("status")}
          <Select name="status" defaultValue={filter.status ?? ""}>
            <option value="">{t("all")}</option>
            <option value="active">{t("active")}</option>
            <option value="inactive">{t("inactive")}</option>
          </Select>
        </label>
        <Button type="submit">{t("filter")}</Button>
      </form>
      {rows.length === 0 ? (
        <p className="text-slate-600">{t("empty")}</p>
      ) : (
        // One line a cell: on a phone the table scrolls sideways in its box rather than stacking names a character a line.
        <Table className="whitespace-nowrap" data-testid="user-table">
          <thead>
            <tr>
              <Th>{t("username")}</Th>
              <Th>{t("name")}</Th>
              <Th>{t("role")}</Th>
              <Th>
                {t("region")} / {t("office")}
              </Th>
              <Th>{t("email")}</Th>
              <Th>{t("phone")}</Th>
              <Th>{t("status")}</Th>
              <Th />
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.id}>
                <Td className="font-mono">{u.username}</Td>
                <Td>{u.name}</Td>
                <Td>{tRoles(u.role)}</Td>
                <Td>{u.regionName ? localized(locale, u.regionName, u.regionNameEn ?? "") : (u.office ?? "")}</Td>
                <Td data-testid="user-email">{u.email ?? ""}</Td>
                <Td className="tabular-nums" data-testid="user-phone">
                  {u.phone ?? ""}
                </Td>
                <Td>
                  {u.active ? t("active") : <span className="text-slate-500">{t("inactive")}</span>}
                  {u.mustChangePassword && <span className="ml-2 text-xs text-amber-700">{t("mustChange")}</span>}
                </Td>
                <Td>
                  <Link href={`/admin/users/${u.id}`} className="text-brand-700 underline">
                    {t("edit")}
                  </Link>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
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
