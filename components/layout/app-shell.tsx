import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { can } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { LocaleSwitch } from "./locale-switch";
import { NavLink } from "./nav-link";
import { NotificationBell } from "./notification-bell";
import { SignOutButton } from "./sign-out-button";

export async function AppShell({ viewer, demo, unread, toReview = 0, children }: { viewer: Viewer | null; demo: boolean; unread: number; toReview?: number; children: React.ReactNode }) {
  const t = await getTranslations("nav");
  const tApp = await getTranslations("app");
  const tAdmin = await getTranslations("admin");
  const tAccount = await getTranslations("account");
  const links = viewer
    ? [
        can(viewer, "dashboard.read") && { href: "/dashboard", label: t("dashboard") },
        can(viewer, "report.write") && { href: "/my-region", label: t("myRegion") },
        // Staff review every region; a league-city bureau the banner-counties below it.
        (can(viewer, "report.review") || (can(viewer, "report.reviewBelow") && viewer.subRegionCodes.length > 0)) && { href: "/review", label: t("review"), count: toReview },
        can(viewer, "plan.readDraft") && { href: "/plans", label: t("plans") },
        // Each administrator (三员) opens the administration pages of their own work.
        (can(viewer, "user.read") || can(viewer, "region.manage")) && { href: "/admin", label: tAdmin("nav") },
        can(viewer, "audit.read") && { href: "/admin/audit", label: tAdmin("tabs.audit") },
        can(viewer, "account.self") && { href: "/account", label: tAccount("nav") },
      ].filter((l): l is { href: string; label: string; count?: number } => Boolean(l))
    : [];
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only">{tApp("skipToContent")}</a>
      {demo && (
        <div className="no-print bg-amber-100 px-4 py-1.5 text-center text-xs text-amber-900" role="note">
          <span className="mr-2 rounded bg-amber-600 px-1.5 py-0.5 font-semibold text-white">{tApp("demo")}</span>
          {tApp("demoBanner")}
        </div>
      )}
      <header className="no-print border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/" className="font-semibold text-brand-700">{tApp("shortName")}</Link>
          <nav aria-label="main" className="flex flex-wrap gap-1">
            {links.map((l) => (
              <NavLink key={l.href} href={l.href}>
                {l.label}
                {l.count ? <span className="ml-1 rounded-full bg-red-600 px-1.5 text-xs font-semibold text-white tabular-nums" data-testid="review-count" aria-label={t("toReview", { count: l.count })}>{l.count > 99 ? "99+" : l.count}</span> : null}
              </NavLink>
            ))}
          </nav>
          <div className="ml-auto flex flex-wrap items-center justify-end gap-x-3 gap-y-1">
            <LocaleSwitch />
            {viewer && (
              <>
                <NotificationBell unread={unread} label={t("notifications")} />
                <span className="text-sm text-slate-600 max-sm:order-last max-sm:w-full max-sm:text-right" data-testid="viewer">
                  {viewer.name} · {t(`roles.${viewer.role}`)}
                </span>
                <SignOutButton label={t("signOut")} />
              </>
            )}
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </div>
  );
}
