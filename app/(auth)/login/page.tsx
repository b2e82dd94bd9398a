import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { LocaleSwitch } from "@/components/layout/locale-switch";
import { Card } from "@/components/ui/card";
import { getViewer } from "@/lib/auth/viewer";
import { safeNextPath } from "@/lib/http/safe-redirect";
import { isDemoMode, listDemoLogins } from "@/lib/data/demo";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("login"))("title") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string; signedOut?: string }> }) {
  const params = await searchParams;
  // Only the app's own paths are followed after sign-in (resolved as the browser would: `/\evil` is off-site).
  const next = safeNextPath(params.next);
  if (await getViewer()) redirect(next);
  const t = await getTranslations("login");
  const tApp = await getTranslations("app");
  const tRoles = await getTranslations("nav.roles");
  const demo = isDemoMode();
  const logins = await listDemoLogins();
  return (
    <main className="mx-auto flex min-h-screen max-w-5xl flex-col justify-center gap-10 px-4 py-10 md:flex-row md:items-start md:pt-24">
      <Card padded={false} className="w-full max-w-sm p-8 shadow-sm">
        <div className="mb-6 flex items-start justify-between gap-4">
          <div>
            <p className="text-sm text-slate-500">{tApp("org")}</p>
            <h1 className="mt-1 text-xl font-semibold">{tApp("name")}</h1>
            <p className="mt-1 text-sm text-slate-500">{t("subtitle")}</p>
          </div>
        </div>
        {params.signedOut && <p role="status" className="mb-4 rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-800">{t("signedOut")}</p>}
        <LoginForm next={next} />
        <div className="mt-6 flex justify-end"><LocaleSwitch /></div>
      </Card>
      {demo.demo && logins.length > 0 && (
        <section className="w-full max-w-md rounded-xl bg-amber-50 p-6 text-sm ring-1 ring-amber-200" aria-labelledby="demo-accounts">
          <h2 id="demo-accounts" className="font-semibold text-amber-900">{t("demoAccounts")} · {tApp("demo")}</h2>
          <p className="mt-1 text-amber-800">{t("demoHint", { password: demo.password ?? "" })}</p>
          <table className="mt-3 w-full">
            <tbody>
              {logins.map((l) => (
                <tr key={l.username} className="border-t border-amber-200">
                  <td className="py-1 pr-3 font-mono">{l.username}</td>
                  <td className="py-1 text-amber-900">{l.regionName ?? tRoles(l.role as "admin")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </main>
  );
}
