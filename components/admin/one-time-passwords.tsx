"use client";

import { useTranslations } from "next-intl";

/** One-time passwords, shown once after they are made; never stored in the browser. */
export function OneTimePasswords({ title, accounts }: { title: string; accounts: { username: string; password: string; label?: string }[] }) {
  const t = useTranslations("admin.users");
  return (
    <div role="status" className="rounded-md bg-amber-50 p-3 text-sm ring-1 ring-amber-200" data-testid="one-time-passwords">
      <p className="font-medium">{title}</p>
      <div className="mt-2 overflow-x-auto">
        <table>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.username}>
                {a.label && <td className="py-0.5 pr-3">{a.label}</td>}
                <td className="py-0.5 pr-3 font-mono">{a.username}</td>
                <td className="py-0.5 font-mono font-semibold" data-testid="one-time-password">
                  {a.password}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="mt-2 text-amber-900">{t("oneTimeHint")}</p>
    </div>
  );
}
