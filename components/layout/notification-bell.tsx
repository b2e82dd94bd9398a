import Link from "next/link";

/** The unread count in the header; opens the notifications page. */
export function NotificationBell({ unread, label }: { unread: number; label: string }) {
  return (
    <Link href="/notifications" className="relative rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100" aria-label={`${label} (${unread})`} data-testid="notification-bell">
      <svg viewBox="0 0 24 24" className="inline size-5" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2"><path d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0" /></svg>
      {unread > 0 && <span className="absolute -top-1 -right-1 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs font-semibold text-white tabular-nums" data-testid="unread-count">{unread > 99 ? "99+" : unread}</span>}
    </Link>
  );
}
